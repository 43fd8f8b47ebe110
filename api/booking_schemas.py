"""Request bodies of the booking API: types here, the rules (phone, capacity...) in
reception.booking, so every refusal reads as a clear Vietnamese message."""

from pydantic import Field, StrictStr

from web.schemas import Body, Whole
from web.text_fields import StrictLine, StrictText


class SessionRequest(Body):
    """A leader or admin adds a one-day reception session that citizens can book."""

    date: StrictStr = Field(description="Local date, YYYY-MM-DD", examples=["2027-03-10"])
    starts_at: StrictStr = Field(description="Local time HH:MM", examples=["07:30"])
    ends_at: StrictStr = Field(description="Local time HH:MM, after starts_at",
                               examples=["11:30"])
    kind: StrictLine = Field("scheduled", description="scheduled (định kỳ) or unscheduled")
    host_name: StrictLine = Field(description="The receiving leader's name", max_length=120)
    host_title: StrictLine = Field("", description="The leader's title", max_length=160)
    capacity: Whole = Field(description="Places citizens can book (0–1000; 0: not online)")
    counter_id: Whole | None = Field(None, description="The counter appointments go to")
    location: StrictLine = Field("", max_length=200)


class SessionUpdate(Body):
    """Change one session. capacity, starts_at and ends_at: any session (one day of a
    recurring rule too); host_name, host_title, kind, counter_id, location: one-day sessions."""

    starts_at: StrictStr | None = None
    ends_at: StrictStr | None = None
    capacity: Whole | None = None
    kind: StrictLine | None = None
    host_name: StrictLine | None = Field(None, max_length=120)
    host_title: StrictLine | None = Field(None, max_length=160)
    counter_id: Whole | None = None
    location: StrictLine | None = Field(None, max_length=200)


class AppointmentRequest(Body):
    """A citizen books a place in a session."""

    session_id: StrictStr = Field(description="A session's id from GET /sessions",
                                  examples=["3-20270310"])
    service: StrictLine = Field(description="Service code, e.g. A", examples=["A"])
    name: StrictLine = Field(description="Full name (not empty)")
    phone: StrictLine = Field(description="Vietnamese phone: 10 digits from 0",
                              examples=["0912345678"])
    email: StrictLine | None = None
    id_number: StrictLine | None = Field(None, description="12-digit personal ID number")
    party_size: Whole = Field(1, description="How many people will come")
    summary: StrictText = Field("", description="What the matter is about (at most 2,000 "
                                                "characters)")
