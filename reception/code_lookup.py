"""What /tra-cuu looks a citizen's code up in: an appointment's code leads to its page
(RESOLVERS turn a code into the address of its page, or None); an online petition's code is
answered on /tra-cuu itself with what the public may know of it (petition_for)."""

from collections.abc import Callable

from reception.booking import appointments
from reception.errors import ReceptionError
from reception.petitions import petition_status


def appointment_address(code: str) -> str | None:
    """Return /hen/<code> for an appointment's code, or None."""
    normal = appointments.normalise_code(code)
    found = appointments.Appointment.get_or_none(
        appointments.Appointment.code == normal) if normal else None
    return found.page if found else None


RESOLVERS: list[Callable[[str], str | None]] = [appointment_address]


def address_for(code: str) -> str | None:
    """Return the page of whatever the code names (the first resolver that knows it), or None."""
    for resolve in RESOLVERS:
        address = resolve(code)
        if address:
            return address
    return None


def petition_for(code: str) -> dict | None:
    """Return a petition's public status (code, status, received and classified dates) for
    its code, or None."""
    try:
        return petition_status(code)
    except ReceptionError:
        return None
