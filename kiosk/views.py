"""Kiosk pages, and the public pages anyone may open (home, a ticket's status)."""

from flask import Blueprint, g, redirect, render_template, request, url_for

from kiosk import bp
from reception.errors import ReceptionError
from reception.public import public_status

public_bp = Blueprint("public", __name__, template_folder="templates")


def remember_device_key(response):
    """Store a device key given once in the address (?device_key=) in a long-lived cookie."""
    key = request.args.get("device_key")
    if key:
        response.set_cookie("device_key", key, max_age=10 * 365 * 24 * 3600, httponly=True,
                            samesite="Strict")
    return response


@bp.get("/")
def index():
    response = render_template("kiosk/index.html", lang=g.lang)
    return remember_device_key(app_response(response))


def app_response(body):
    from flask import make_response

    response = make_response(body)
    if request.args.get("lang") in ("vi", "en"):
        response.set_cookie("lang", request.args["lang"], max_age=365 * 24 * 3600)
    return response


@public_bp.get("/")
def home():
    return redirect(url_for("kiosk.index"))


@public_bp.get("/t/<token>")
def ticket_status(token):
    try:
        status = public_status(token)
    except ReceptionError as error:
        return render_template("kiosk/status.html", status=None,
                               error=error.message(g.lang), lang=g.lang), error.status
    return render_template("kiosk/status.html", status=status, error=None, lang=g.lang)
