"""OpenAPI component schemas of online petitions (api/petitions.py): the form and the status."""

from reception.petitions.files import MAX_FILES
from reception.petitions.intake import ADDRESS_MAX, CONTENT_MAX, NAME_MAX

PUBLIC_RULE = (
    "Public: readable without a staff sign-in; it never names the matter, so a "
    "denunciation's petition reads like any other. ")


def petition_schemas() -> dict:
    """Return the component schemas of petitions."""
    status = {"enum": ["received", "classified"],
              "description": "received: awaiting an officer's classification"}
    return {
        "PetitionForm": {
            "type": "object", "required": ["name", "phone", "address", "service", "content"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
                "phone": {"type": "string", "pattern": "^0[0-9]{9}$",
                          "description": "Vietnamese: 10 digits starting with 0"},
                "email": {"type": "string", "maxLength": 254,
                          "description": "Optional; the confirmation also goes there"},
                "address": {"type": "string", "minLength": 1, "maxLength": ADDRESS_MAX},
                "id_number": {"type": "string", "pattern": "^[0-9]{12}$",
                              "description": "Optional 12-digit personal ID number"},
                "service": {"type": "string", "description": "An active service code"},
                "content": {"type": "string", "minLength": 1, "maxLength": CONTENT_MAX},
                "files": {"type": "array", "maxItems": MAX_FILES,
                          "items": {"type": "string", "format": "binary"},
                          "description": "PDF, JPEG or PNG (told by content), 10 MB each"},
            },
        },
        "PetitionStatus": {
            "type": "object", "description": PUBLIC_RULE,
            "required": ["code", "status", "received_at", "status_url"],
            "properties": {
                "code": {"type": "string"}, "status": status,
                "received_at": {"type": "string", "format": "date-time"},
                "classified_at": {"type": ["string", "null"], "format": "date-time"},
                "status_url": {"type": "string"},
            },
        },
    }
