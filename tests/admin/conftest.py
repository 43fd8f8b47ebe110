"""Fixtures for the staff pages: log in through the real form and keep its CSRF token."""

import re

import pytest

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """Return the CSRF token a page's form carries."""
    match = CSRF_FIELD.search(html)
    assert match, "no csrf_token field on the page"
    return match.group(1)


def log_in(client, username: str, password: str = "mat-khau-an-toan") -> str:
    """Log in through /admin/login like a browser; return the session's CSRF token."""
    token = csrf_from(client.get("/admin/login").get_data(as_text=True))
    response = client.post("/admin/login", data={"username": username, "password": password,
                                                 "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return token


@pytest.fixture
def login(client, make_user):
    """Create a staff account of a role, log the test client in; return the CSRF token."""

    def factory(role="officer", username=None):
        user, password = make_user(role, username=username)
        return log_in(client, user.username, password)

    return factory
