"""Request bodies of the crowd safety API: they validate requests and feed the OpenAPI document."""

from pydantic import Field, StrictInt

from api.schemas import Body
from api.text_fields import StrictLine, StrictText


class WalkInRequest(Body):
    """A delegation that arrived without tickets."""

    party_size: StrictInt = Field(description="How many people (1–5000)")
    service: StrictLine | None = Field(None, description="Service code of their matter, if known")
    note: StrictText | None = Field(None, max_length=1000)
    representatives: list[StrictLine] | None = Field(
        None, description="Names of the representatives the group appointed (Luật TCD Điều 29)")


class WalkInUpdate(Body):
    """Change a present delegation: any of the fields, e.g. the representatives later."""

    party_size: StrictInt | None = None
    service: StrictLine | None = None
    note: StrictText | None = Field(None, max_length=1000)
    representatives: list[StrictLine] | None = None


class AcknowledgeRequest(Body):
    """Acknowledge an alert, optionally with a note for the incident log."""

    note: StrictText | None = Field(None, max_length=1000)


class NoteRequest(Body):
    """A free note for today's incident log."""

    text: StrictText = Field(max_length=1000)


class ThresholdsRequest(Body):
    """New alert thresholds (admin); omitted ones keep their value."""

    group_threshold: StrictInt | None = None
    crowded: StrictInt | None = None
    overcrowded: StrictInt | None = None
    long_wait_minutes: StrictInt | None = None


CROWD_SCHEMAS = [WalkInRequest, WalkInUpdate, AcknowledgeRequest, NoteRequest, ThresholdsRequest]
