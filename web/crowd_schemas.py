"""Request bodies of the crowd safety API: they validate requests and feed the OpenAPI document."""

from pydantic import Field

from reception.crowd.walkins import MAX_PARTY_SIZE, NAME_MAX
from web.schemas import Body, Whole
from web.text_fields import StrictLine, StrictText

# Checked by reception.crowd (its Vietnamese message), stated here for the OpenAPI document.
PARTY_RANGE = {"minimum": 1, "maximum": MAX_PARTY_SIZE}
REPRESENTATIVES = {"maxItems": 5, "items": {"type": "string", "pattern": r"\S",
                                            "maxLength": NAME_MAX}}


class WalkInRequest(Body):
    """A delegation that arrived without tickets."""

    party_size: Whole = Field(description="How many people (1–5000)",
                              json_schema_extra=PARTY_RANGE)
    service: StrictLine | None = Field(None, description="Service code of their matter, if known")
    note: StrictText | None = Field(None, max_length=1000)
    representatives: list[StrictLine] | None = Field(
        None, description="Names of the representatives the group appointed (Luật TCD Điều 29: "
        "1 or 2 for 5–10 people, at most 5 for more)", json_schema_extra=REPRESENTATIVES)


class WalkInUpdate(Body):
    """Change a present delegation: any of the fields, e.g. the representatives later."""

    party_size: Whole | None = Field(None, json_schema_extra=PARTY_RANGE)
    service: StrictLine | None = None
    note: StrictText | None = Field(None, max_length=1000)
    representatives: list[StrictLine] | None = Field(None, json_schema_extra=REPRESENTATIVES)


class AcknowledgeRequest(Body):
    """Acknowledge an alert, optionally with a note for the incident log."""

    note: StrictText | None = Field(None, max_length=1000)


class NoteRequest(Body):
    """A free note for today's incident log."""

    text: StrictText = Field(max_length=1000)


class ThresholdsRequest(Body):
    """New alert thresholds (admin); omitted ones keep their value."""

    group_threshold: Whole | None = None
    crowded: Whole | None = None
    overcrowded: Whole | None = None
    long_wait_minutes: Whole | None = None
