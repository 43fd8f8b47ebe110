"""The response of a public page (kiosk, display board, schedule, ticket status)."""

from flask import make_response, request

from reception.translations import languages

LANG_COOKIE_SECONDS = 365 * 24 * 3600


def app_response(body, status: int = 200):
    """Make a page response that remembers a language chosen with ?lang= in a cookie."""
    response = make_response(body, status)
    if request.args.get("lang") in languages():
        response.set_cookie("lang", request.args["lang"], max_age=LANG_COOKIE_SECONDS)
    return response
