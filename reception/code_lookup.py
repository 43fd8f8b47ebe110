"""What /tra-cuu looks a citizen's code up in: each resolver turns a code into the address of
its page, or None. Appointments are here; online petitions (issue 13) add their resolver to
RESOLVERS, e.g. `petitions.status_address`, and nothing else changes."""

from collections.abc import Callable

from reception.booking import appointments


def appointment_address(code: str) -> str | None:
    """Return /hen/<code> for an appointment's code, or None."""
    normal = appointments.normalise_code(code)
    if normal and appointments.Appointment.select().where(
            appointments.Appointment.code == normal).exists():
        return f"/hen/{normal}"
    return None


RESOLVERS: list[Callable[[str], str | None]] = [appointment_address]


def address_for(code: str) -> str | None:
    """Return the page of whatever the code names (the first resolver that knows it), or None."""
    for resolve in RESOLVERS:
        address = resolve(code)
        if address:
            return address
    return None
