"""Production password hashing: the tests use a cheap method, the product must not."""

import pytest

from app import create_app
from reception import schema
from reception.config import Settings
from reception.database import connection
from reception.errors import ReceptionError
from reception.models import User
from reception.users import authenticate, create_user


def test_a_server_without_settings_hashes_passwords_with_scrypt(tmp_path, monkeypatch):
    # Nothing from the environment either: the default is what a fresh `make run` uses.
    monkeypatch.delenv("RECEPTION_PASSWORD_HASH_METHOD", raising=False)
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "CLOSING_TIME": "",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'reception.db'}"})
    assert app.config["PASSWORD_HASH_METHOD"] == "scrypt"
    method = Settings.of(app).password_hash_method
    schema.init_db()
    with connection():
        create_user("canbo", "mat-khau-an-toan", "officer", hash_method=method)
        stored = User.get(User.username == "canbo")
        assert stored.password_hash.startswith("scrypt:")
        assert authenticate("canbo", "mat-khau-an-toan", method).id == stored.id
        with pytest.raises(ReceptionError):
            authenticate("canbo", "mat-khau-khac-han", method)
