"""Online petitions over the API: POST /petitions (multipart, public) and the public status
GET /petitions/<code> (the code is the key; no matter is ever named)."""

from flask import jsonify, request

from api import bp
from api.petition_openapi import PUBLIC_RULE
from reception import petitions
from reception.cases import audit
from reception.errors import UnsupportedType
from reception.petitions.files import MAX_FILE_BYTES, MAX_FILES
from reception.petitions.intake import CODE_LENGTH
from web.app_settings import app_settings
from web.limits import allow_body
from web.links import public_base_url
from web.openapi import ERROR, ok, operation, path_parameter, ref, refused

# Five files of 10 MB each, plus the form's text fields and the multipart framing.
PETITION_BODY_LIMIT = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024
ENVELOPE = {"type": "object", "required": ["petition"],
            "properties": {"petition": ref("PetitionStatus")}}


@bp.post("/petitions")
@operation(
    "Send a petition online (đơn trực tuyến)",
    description=PUBLIC_RULE + "Lands in the case files as a letter awaiting an officer's "
    "classification; a confirmation goes by SMS (and e-mail when given). "
    f"Up to {MAX_FILES} files of 10 MB; another type than PDF/JPEG/PNG → 415. Limited per "
    "network address (RECEPTION_PETITION_LIMIT_ADDRESS, default 30 a minute) → 429 with "
    "Retry-After.",
    form="PetitionForm",
    responses={
        "201": ok("Received", ENVELOPE),
        "400": ERROR,
        "413": refused("A file over 10 MB or a body over the limit"),
        "415": refused("Not multipart, or a file that is not PDF/JPEG/PNG"),
        "429": refused("Too many petitions from this address",
                       headers={"Retry-After": {"schema": {"type": "integer"}}}),
    })
@allow_body(PETITION_BODY_LIMIT)
def create_petition():
    if request.mimetype != "multipart/form-data":
        raise UnsupportedType("multipart_required")
    audit.set_request_ip(request.remote_addr)
    values = {key: request.form.get(key) for key in
              ("name", "phone", "address", "id_number", "service", "content", "email")}
    uploads = [(item.filename, item.stream) for item in request.files.getlist("files")
               if item.filename or item.content_length]
    petition = petitions.submit(values, uploads, request.remote_addr, public_base_url(),
                                app_settings().petitions)
    status = petitions.petition_status(petition.code)
    return jsonify({"petition": {"code": status["code"], "status": status["status"],
                                 "status_url": status["status_url"],
                                 "received_at": status["received_at"]}}), 201


@bp.get("/petitions/<code>")
@operation("A petition's status by its code",
           description=PUBLIC_RULE + "The code is the key (unguessable).",
           parameters=[path_parameter("code", minLength=CODE_LENGTH, maxLength=CODE_LENGTH)],
           responses={"200": ok("Status", ENVELOPE), "404": ERROR})
def petition_status(code):
    return jsonify({"petition": petitions.petition_status(code)})
