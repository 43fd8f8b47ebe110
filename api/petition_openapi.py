"""OpenAPI paths and schemas of online petitions (api/petitions.py)."""

from reception.petitions.files import MAX_FILES
from reception.petitions.intake import ADDRESS_MAX, CODE_LENGTH, CONTENT_MAX, NAME_MAX

ERROR = {"$ref": "#/components/responses/Error"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
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


def petition_paths() -> dict:
    """Return the OpenAPI paths of petitions."""
    envelope = {"type": "object", "required": ["petition"],
                "properties": {"petition": {"$ref": "#/components/schemas/PetitionStatus"}}}
    return {
        "/petitions": {"post": {
            "summary": "Send a petition online (đơn trực tuyến)",
            "description": PUBLIC_RULE + "Lands in the case files as a letter awaiting an "
            "officer's classification; a confirmation goes by SMS (and e-mail when given). "
            f"Up to {MAX_FILES} files of 10 MB; another type than PDF/JPEG/PNG → 415. "
            "Limited per network address (RECEPTION_PETITION_LIMIT_ADDRESS, default 30 a "
            "minute) → 429 with Retry-After.",
            "requestBody": {"required": True, "content": {"multipart/form-data": {
                "schema": {"$ref": "#/components/schemas/PetitionForm"}}}},
            "responses": {
                "201": {"description": "Received", "content": {
                    "application/json": {"schema": envelope}}},
                "400": ERROR,
                "413": {"description": "A file over 10 MB or a body over the limit",
                        "content": ERROR_CONTENT},
                "415": {"description": "Not multipart, or a file that is not PDF/JPEG/PNG",
                        "content": ERROR_CONTENT},
                "429": {"description": "Too many petitions from this address",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}},
                        "content": ERROR_CONTENT},
            }}},
        "/petitions/{code}": {"get": {
            "summary": "A petition's status by its code",
            "description": PUBLIC_RULE + "The code is the key (unguessable).",
            "parameters": [{"name": "code", "in": "path", "required": True,
                            "schema": {"type": "string", "minLength": CODE_LENGTH,
                                       "maxLength": CODE_LENGTH}}],
            "responses": {"200": {"description": "Status", "content": {
                "application/json": {"schema": envelope}}}, "404": ERROR}}},
    }
