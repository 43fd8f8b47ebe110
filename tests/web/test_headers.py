"""Security headers, caching, 405 Allow and the Secure cookie flag on pages, API and static."""

import pytest

from app import create_app
from demo import headquarters
from reception import schema
from tests.admin.conftest import csrf_from, log_in

SECURITY = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
PAGES = ["/kiosk/", "/display/", "/admin/login", "/"]


def csp_of(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in policy.split(";")}


def assert_security_headers(response):
    for name, value in SECURITY.items():
        assert response.headers[name] == value, name
    csp = csp_of(response)
    assert csp["script-src"] == "script-src 'self'", "no unsafe-inline or eval for scripts"
    assert csp["style-src"] == "style-src 'self'", "no unsafe-inline for styles"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["object-src"] == "object-src 'none'"


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_carry_the_security_headers_and_are_not_stored(client, path):
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert response.headers["Cache-Control"] == "no-store"


def test_the_policy_lets_socket_io_reach_this_host_over_websockets(client):
    response = client.get("/display/", base_url="https://tiepdan.example.vn")
    connect = csp_of(response)["connect-src"].split()
    assert connect == ["connect-src", "'self'", "ws://tiepdan.example.vn",
                       "wss://tiepdan.example.vn"]


def test_staff_pages_are_not_stored(client, make_user):
    user, password = make_user("officer")
    log_in(client, user.username, password)
    for path in ("/admin/", "/admin/cases", "/admin/desk/1"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store", path


def test_api_answers_and_errors_carry_the_headers(client, officer, issue):
    ticket = issue()
    for response in (client.get(f"/api/v1/tickets/{ticket['id']}", headers=officer),
                     client.get("/api/v1/queue"), client.get("/api/v1/nowhere"),
                     client.post("/api/v1/tickets", data="{", content_type="application/json")):
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_static_files_stay_cacheable_with_the_headers(client):
    for path in ("/static/js/kiosk.js", "/static/css/common.css", "/static/sounds/chime.wav"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
        assert response.headers["ETag"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        response.close()


def test_method_not_allowed_names_the_allowed_methods(client):
    api = client.delete("/api/v1/tickets")
    assert api.status_code == 405
    assert api.json["error"]["code"] == "method_not_allowed"
    assert set(api.headers["Allow"].split(", ")) == {"POST", "OPTIONS"}
    page = client.post("/kiosk/")
    assert page.status_code == 405
    assert page.mimetype == "text/html"
    assert set(page.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Phương thức không được hỗ trợ." in page.get_data(as_text=True)


def test_unknown_pages_answer_a_vietnamese_page(client):
    response = client.get("/admin/nowhere")
    assert response.status_code == 404
    assert "Không tìm thấy trang." in response.get_data(as_text=True)
    assert_security_headers(response)


def cookie_flags(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_cookies_are_not_secure_by_default_for_plain_http_sites(client):
    response = client.get("/kiosk/?lang=en&device_key=abc")
    assert set(cookie_flags(response)) >= {"lang", "device_key"}
    assert all("Secure" not in header for header in cookie_flags(response).values())


@pytest.fixture
def secure_app(tmp_path):
    application = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "SECURE_COOKIES": True,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'secure.db'}", "CLOSING_TIME": ""})
    schema.init_db()
    headquarters.seed()
    return application


def test_secure_cookies_setting_marks_every_cookie_secure(secure_app):
    from reception.config import Settings
    from reception.database import connection
    from reception.users import create_user

    with connection():
        create_user("canbo-https", "mat-khau-an-toan", "officer",
                    hash_method=Settings.of(secure_app).password_hash_method)
    client = secure_app.test_client()
    https = "https://localhost"
    kiosk = cookie_flags(client.get("/kiosk/?lang=en&device_key=abc", base_url=https))
    assert set(kiosk) >= {"lang", "device_key"}
    assert all("; Secure" in header for header in kiosk.values()), kiosk
    form = client.get("/admin/login", base_url=https)
    assert all("; Secure" in header for header in cookie_flags(form).values())
    # Over HTTPS Flask-WTF wants a same-origin Referer: why Referrer-Policy is same-origin.
    login = client.post("/admin/login?lang=en", base_url=https,
                        headers={"Referer": https + "/admin/login"}, data={
        "username": "canbo-https", "password": "mat-khau-an-toan",
        "csrf_token": csrf_from(form.get_data(as_text=True))})
    assert login.status_code == 302
    cookies = cookie_flags(login)
    assert "session" in cookies, cookies
    assert all("; Secure" in header for header in cookies.values()), cookies
