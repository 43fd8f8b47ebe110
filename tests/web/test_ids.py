"""Ids in addresses: every `<int:...>` route answers 404 beyond 2⁶³−1, never a 500."""

import re

import pytest

from tests.admin.conftest import log_in
from web.limits import BoundedIntConverter, digits_at_most

TOO_BIG = 2**63
LARGEST = 2**63 - 1
ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def int_routes(app):
    """Return (method, rule) for every route with an int argument, one method each."""
    routes = []
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, BoundedIntConverter) for c in rule._converters.values()):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((method, rule.rule))
    return routes


def address(rule: str, number: int) -> str:
    return ARGUMENT.sub(lambda m: str(number) if m.group(1) == "int" else "x", rule)


@pytest.fixture
def admin_client(app, make_user):
    """A test client logged in as an administrator, with its CSRF token in a header."""
    user, password = make_user("admin")
    client = app.test_client()
    token = log_in(client, user.username, password)
    client.environ_base["HTTP_X_CSRFTOKEN"] = token
    return client


def test_every_route_family_has_int_routes(app):
    rules = {rule for _, rule in int_routes(app)}
    for family in ("/api/v1/tickets/", "/api/v1/cases/", "/api/v1/visits/", "/admin/cases/",
                   "/admin/desk/", "/admin/users/", "/admin/printers/"):
        assert any(rule.startswith(family) for rule in rules), family


def test_ids_beyond_the_largest_are_not_found(app, admin_client):
    for method, rule in int_routes(app):
        response = admin_client.open(address(rule, TOO_BIG), method=method, json={})
        assert response.status_code == 404, (method, rule, response.status_code)
        if rule.startswith("/api/"):
            assert response.json["error"]["code"] == "not_found"
        else:
            assert "Không tìm thấy trang." in response.get_data(as_text=True)


def test_the_largest_id_reaches_the_view_without_a_server_error(app, admin_client):
    for method, rule in int_routes(app):
        response = admin_client.open(address(rule, LARGEST), method=method, json={})
        assert response.status_code < 500, (method, rule, response.get_data(as_text=True))


@pytest.mark.parametrize("path", [
    "/api/v1/tickets/9223372036854775808",
    "/admin/cases/9223372036854775808",
    "/admin/desk/9223372036854775808",
    "/api/v1/tickets/-1",
])
def test_anonymous_huge_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("top", [0, 1, 9, 10, 11, 205, 1000, 1999])
def test_the_id_pattern_matches_exactly_the_numbers_up_to_its_bound(top):
    pattern = re.compile(digits_at_most(top) + "$")
    assert [n for n in range(2500) if bool(pattern.match(str(n))) != (n <= top)] == []


def test_the_id_pattern_stops_at_the_largest_database_id():
    pattern = re.compile(digits_at_most(LARGEST) + "$")
    assert pattern.match(str(LARGEST)) and pattern.match(str(LARGEST - 10**17))
    assert not pattern.match(str(TOO_BIG)) and not pattern.match(str(10**19))


def test_a_huge_id_in_a_query_argument_is_ignored(client, make_user):
    user, password = make_user("admin")
    log_in(client, user.username, password)
    response = client.get(f"/admin/schedule?edit={TOO_BIG}")
    assert response.status_code == 200
