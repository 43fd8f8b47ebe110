"""Who sees what on the staff pages (issue 11, items 13, 14 and 15a): the menu offers each
role exactly the pages it may open, each role lands on its own start page, a failed login says
so under the form, and leaders read the reception schedule without editing it."""

import re

import pytest

from admin.menu import MENU
from tests.admin.conftest import csrf_from, log_in

MENU_PATHS = {
    "security": ["/admin/crowd"],
    "officer": ["/admin/", "/admin/cases", "/admin/petitions"],
    "leader": ["/admin/", "/admin/cases", "/admin/petitions", "/admin/reports", "/admin/crowd",
               "/admin/schedule"],
    "admin": ["/admin/", "/admin/cases", "/admin/petitions", "/admin/reports", "/admin/crowd",
              "/admin/schedule", "/admin/services", "/admin/counters", "/admin/users",
              "/admin/organisation", "/admin/printers", "/admin/notifications",
              "/admin/alert-recipients"],
}
ALL_PAGES = MENU_PATHS["admin"] + ["/admin/logbook"]


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, "no menu on the page"
    return re.findall(r'<a href="([^"]+)"', nav.group(1))


@pytest.mark.parametrize("role", ["security", "officer", "leader", "admin"])
def test_the_menu_offers_each_role_what_it_may_open(client, make_user, role):
    user, password = make_user(role)
    log_in(client, user.username, password)
    start = client.get("/admin/", follow_redirects=True)
    assert start.status_code == 200
    offered = menu_links(start.get_data(as_text=True))
    assert offered == MENU_PATHS[role]
    for path in ALL_PAGES:
        status = client.get(path).status_code
        if path in offered:
            assert status == 200, (role, path)
        elif path == "/admin/":  # security staff have no desk: sent to the crowd view
            assert status == 302, (role, path, status)
        elif path != "/admin/logbook":  # the logbook is reached from the report page
            assert status == 403, (role, path, status)


def test_every_menu_entry_names_its_roles_from_the_guards():
    assert {key for key, *_ in MENU} == {"desk", "cases", "petitions", "reports", "crowd",
                                        "schedule", "services", "counters", "users",
                                        "organisation", "printers", "notifications",
                                        "alert_recipients"}
    assert all(set(roles) <= {"admin", "officer", "leader", "security"}
               for *_, roles in MENU)


@pytest.mark.parametrize("role, start", [("security", "/admin/crowd"), ("officer", "/admin/"),
                                         ("leader", "/admin/"), ("admin", "/admin/")])
def test_each_role_lands_on_its_start_page(client, make_user, role, start):
    user, password = make_user(role)
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login", data={"username": user.username,
                                                 "password": password, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == start
    home = client.get("/admin/")
    if role == "security":
        assert home.status_code == 302 and home.headers["Location"] == "/admin/crowd"
    else:
        assert home.status_code == 200


def test_a_next_page_still_wins_over_the_start_page(client, make_user):
    user, password = make_user("security")
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login?next=/admin/crowd%3Flang%3Den",
                           data={"username": user.username, "password": password,
                                 "csrf_token": token})
    assert response.headers["Location"] == "/admin/crowd?lang=en"


def test_a_failed_login_says_so_under_the_form(client, make_user):
    user, _ = make_user("officer")
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    for username in (user.username, "khong-co-ai"):
        response = client.post("/admin/login", data={"username": username,
                                                     "password": "sai-mat-khau",
                                                     "csrf_token": token})
        html = response.get_data(as_text=True)
        assert response.status_code == 401
        assert "Chưa lưu được" not in html
        form_end = html.index("</form>")
        assert html.index("Sai tên đăng nhập hoặc mật khẩu.") > form_end
    english = client.post("/admin/login?lang=en", data={"username": "x", "password": "y",
                                                        "csrf_token": token})
    assert "Wrong username or password." in english.get_data(as_text=True)
    assert "Not saved" not in english.get_data(as_text=True)


def test_leaders_read_the_schedule_and_only_admins_change_it(client, app, make_user):
    leader, password = make_user("leader")
    log_in(client, leader.username, password)
    response = client.get("/admin/schedule")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="calendar"' in html and 'id="read-only-note"' in html
    assert "Chỉ xem: quản trị viên lập và sửa lịch tiếp công dân." in html
    for form in ("session-form", "shift-form", "options-form"):
        assert f'id="{form}"' not in html
    token = csrf_from(html)
    refused = client.post("/admin/schedule/options", data={"duty_days": "all",
                                                          "public_days": "30",
                                                          "csrf_token": token})
    assert refused.status_code == 403
    crowd = client.get("/admin/crowd").get_data(as_text=True)
    assert 'href="/admin/schedule"' in crowd  # the crowd view links leaders to it too

    admin = app.test_client()
    boss, boss_password = make_user("admin")
    log_in(admin, boss.username, boss_password)
    html = admin.get("/admin/schedule").get_data(as_text=True)
    assert all(f'id="{form}"' in html for form in ("session-form", "shift-form",
                                                    "options-form"))
    assert 'id="read-only-note"' not in html


@pytest.mark.parametrize("role", ["officer", "security"])
def test_officers_and_security_do_not_open_the_schedule(client, make_user, role):
    user, password = make_user(role)
    log_in(client, user.username, password)
    assert client.get("/admin/schedule").status_code == 403
