"""Online petitions over the API: POST /petitions (multipart, public) and the public status
GET /petitions/<code> (the code is the key; no matter is ever named)."""

from flask import jsonify, request

from api import bp
from reception import petitions
from reception.cases import audit
from reception.errors import ReceptionError
from reception.petitions.files import MAX_FILE_BYTES, MAX_FILES
from web.app_settings import app_settings
from web.limits import allow_body
from web.links import public_base_url

# Five files of 10 MB each, plus the form's text fields and the multipart framing.
PETITION_BODY_LIMIT = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024


@bp.post("/petitions")
@allow_body(PETITION_BODY_LIMIT)
def create_petition():
    if request.mimetype != "multipart/form-data":
        raise ReceptionError("multipart_required", 415)
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
def petition_status(code):
    return jsonify({"petition": petitions.petition_status(code)})
