"""Every API error is `{"error": {"code", "message"}}`, Vietnamese unless English is asked for."""

import logging

from flask import g
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException

from api import bp
from reception import characters
from reception.errors import ReceptionError
from web.errors import error_response, status_of
from web.text_fields import character_problem

log = logging.getLogger(__name__)

PYDANTIC_DETAIL = {
    "missing": "thiếu trường bắt buộc",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "string_type": "phải là chuỗi ký tự",
    "extra_forbidden": "trường không được hỗ trợ",
    "string_too_long": "quá dài",
    "model_type": "phải là một đối tượng JSON",
}


def language() -> str:
    return getattr(g, "lang", "vi")


@bp.errorhandler(ReceptionError)
def reception_error(error: ReceptionError):
    response, status = error_response(error.code, status_of(error),
                                      fields=error.field_errors(language()),
                                      extra=error.extra, **error.params)
    if "retry_after" in error.params:
        response.headers["Retry-After"] = str(error.params["retry_after"])
    return response, status


@bp.errorhandler(ValidationError)
def validation_error(error: ValidationError):
    problem = character_problem(error.errors())
    if problem is not None:
        loc, code_point = problem
        path = characters.printable(".".join(str(p) for p in loc)) or "body"
        return error_response("invalid_characters", 400, field=f"Trường “{path}”",
                              field_en=f"The field “{path}”", code_point=code_point)
    parts = []
    for item in error.errors():
        field = ".".join(str(p) for p in item["loc"]) or "body"
        detail = item["msg"] if language() == "en" else PYDANTIC_DETAIL.get(
            item["type"], "giá trị không hợp lệ"
        )
        parts.append(f"{field}: {detail}")
    return error_response("invalid_request", 400, detail="; ".join(parts))


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    if error.code == 404:
        return error_response("not_found", 404, what="địa chỉ API")
    if error.code == 405:
        return error_response("method_not_allowed", 405)
    return error_response("invalid_request", error.code or 400, detail=error.description)


@bp.errorhandler(Exception)
def unexpected_error(error: Exception):
    log.exception("unexpected API error")
    return error_response("internal_error", 500)

