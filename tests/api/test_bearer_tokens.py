"""A bearer token lets its officer in until it expires, and never once the account is off."""

from datetime import timedelta

from reception import clock
from reception.database import connection
from reception.models import ApiToken, User


def signed_in(client, make_user):
    user, password = make_user("officer")
    answer = client.post("/api/v1/auth/token",
                         json={"username": user.username, "password": password})
    assert answer.status_code == 200
    return user, {"Authorization": f"Bearer {answer.json['token']}"}


def expire_at(moment) -> None:
    with connection():
        ApiToken.update(expires_at=moment).execute()


def test_a_token_works_until_its_expiry_and_not_after(client, make_user):
    _user, headers = signed_in(client, make_user)
    assert client.get("/api/v1/desk", headers=headers).status_code == 200

    expire_at(clock.stored_now() - timedelta(seconds=1))
    refused = client.get("/api/v1/desk", headers=headers)
    assert refused.status_code == 401
    assert refused.json["error"]["code"] == "login_required"

    expire_at(clock.stored_now() + timedelta(minutes=1))
    assert client.get("/api/v1/desk", headers=headers).status_code == 200


def test_the_token_of_an_account_switched_off_is_refused(client, make_user):
    user, headers = signed_in(client, make_user)
    with connection():
        User.update(active=False).where(User.id == user.id).execute()
    assert client.get("/api/v1/desk", headers=headers).status_code == 401


def test_an_unknown_token_is_refused(client):
    answer = client.get("/api/v1/desk", headers={"Authorization": "Bearer khong-co-that"})
    assert answer.status_code == 401
