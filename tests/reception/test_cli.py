"""The command-line tools make run and operators use."""

from reception.database import connection
from reception.models import Counter, Service, User


def test_init_db_is_idempotent_and_prints_the_first_admin_password_once(runner):
    first = runner.invoke(args=["init-db", "--seed"])
    assert first.exit_code == 0, first.output
    assert "Tài khoản quản trị đầu tiên: admin" in first.output
    password = first.output.split("đổi ngay): ")[1].split()[0]
    again = runner.invoke(args=["init-db", "--seed"])
    assert again.exit_code == 0
    assert "Mật khẩu" not in again.output
    with connection():
        admin = User.get(User.username == "admin")
        assert admin.role == "admin"
        assert password not in admin.password_hash, "only a hash is stored"
        assert Service.select().count() == 4 and Counter.select().count() == 3


def test_users_create_reads_the_password_from_stdin(runner, client):
    result = runner.invoke(args=["users", "create", "canbo", "--role", "officer",
                                 "--full-name", "Nguyễn Văn An"], input="mot-mat-khau-dai\n")
    assert result.exit_code == 0, result.output
    token = client.post("/api/v1/auth/token",
                        json={"username": "canbo", "password": "mot-mat-khau-dai"})
    assert token.status_code == 200


def test_users_create_refuses_short_passwords_and_unknown_roles(runner):
    short = runner.invoke(args=["users", "create", "canbo", "--role", "officer",
                                "--full-name", "Nguyễn Văn An"], input="123\n")
    assert short.exit_code != 0
    assert "Mật khẩu không hợp lệ" in short.output
    role = runner.invoke(args=["users", "create", "canbo", "--role", "boss"], input="x" * 10)
    assert role.exit_code != 0
    with connection():
        assert not User.select().where(User.username == "canbo").exists()
