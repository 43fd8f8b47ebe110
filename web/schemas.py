"""Request bodies of the API: they validate requests and generate the OpenAPI document."""

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StrictStr

from web.text_fields import StrictLine

# What a database integer column holds (SQLite and PostgreSQL bigint).
INT64 = 2**63 - 1


def _integral(value):
    """JSON has one kind of number: 5.0 is the integer 5, as the OpenAPI document says."""
    if isinstance(value, float) and value.is_integer() and abs(value) <= INT64:
        return int(value)
    return value


# A whole number in a request body: no strings ("5"), no booleans, no fractions, and none
# larger than the database holds.
Whole = Annotated[StrictInt, BeforeValidator(_integral), Field(ge=-INT64, le=INT64)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TicketRequest(Body):
    """A citizen asks for a ticket at a kiosk."""

    service: StrictLine | None = Field(None, description=(
        "Service code, e.g. A; required unless `appointment` is given"), examples=["A"])
    appointment: StrictLine | None = Field(None, max_length=300, description=(
        "Check-in: a booked appointment's code (or its /hen/<code> link as the QR holds it); "
        "on the session's day it gives the appointment's ticket, and the same ticket again "
        "(`Idempotent-Replayed`) on a second check-in. No other field is needed."))
    party_size: Whole = Field(1, description="How many people came together (1–500)")
    priority: StrictLine | None = Field(None, description="Priority group code, or null")
    kiosk: StrictLine | None = Field(None, max_length=64, description="Kiosk name, for printing")
    identity_qr: StrictLine | None = Field(None, max_length=1000, description=(
        "Optional: the chip ID card's QR text scanned at the kiosk "
        "(`ID12|oldID9|Full name|ddmmyyyy|Nam|address|ddmmyyyy`); never printed or shown, "
        "kept for the desk until the ticket closes"))


class TokenRequest(Body):
    """A staff member exchanges a username and password for a bearer token."""

    # Not StrictLine: a name no account can have is answered "bad credentials" like any other.
    username: StrictStr
    password: StrictStr


class TransferRequest(Body):
    """Send a ticket to another service and/or a specific counter; it keeps its arrival time."""

    service: StrictLine | None = None
    counter: Whole | None = None


class ActionRequest(Body):
    """An officer action that takes no parameters: the body, when sent, is an empty object."""
