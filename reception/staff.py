"""Staff accounts as an administrator manages them: create, change role and name, lock,
reset a password; never leaving the headquarters without an active admin.

Accounts appear on no board or desk snapshot, so these changes publish nothing.
"""

import unicodedata

from reception import sessions, users
from reception.database import write_transaction
from reception.form_input import clean_text, existing, invalid
from reception.models import User


def add_user(fields: dict, hash_method: str) -> User:
    """Create a staff account from form fields: username, full_name, role, password (hashed
    with the configured hash_method).

    :raises ReceptionError: invalid field, short password or a username already taken.
    """
    # Required: official papers print the officer's full name, never a username.
    full_name = clean_text(fields.get("full_name"), "Họ và tên", 120, required=True)
    username = unicodedata.normalize("NFC", str(fields.get("username") or "")).strip()
    return users.create_user(username, fields.get("password") or "", fields.get("role") or "",
                             full_name=full_name, hash_method=hash_method)


def update_user(actor: User, user_id: int, role: str, full_name: str) -> User:
    """Change a staff account's role and full name.

    :raises ReceptionError: unknown account or role, an admin demoting themself, or a change
        that would leave no active admin.
    """
    full_name = clean_text(full_name, "Họ và tên", 120)
    with write_transaction():
        user = existing(User, user_id, "tài khoản")
        if role != "admin":
            _keep_an_admin(actor, user, "Vai trò", "hạ quyền")
        return users.update_user(user.id, role=role, full_name=full_name)


def set_user_active(actor: User, user_id: int, active: bool) -> User:
    """Deactivate or reactivate a staff account; a deactivated account cannot log in.

    :raises ReceptionError: unknown account, an admin deactivating themself, or the last
        active admin.
    """
    with write_transaction():
        user = existing(User, user_id, "tài khoản")
        if not active:
            _keep_an_admin(actor, user, "Trạng thái tài khoản", "khóa")
        user = users.update_user(user.id, active=active)
    sessions.close_sockets(user.id)
    return user


def reset_password(user_id: int, password: str, hash_method: str,
                   keep_session: str | None = None) -> User:
    """Give a staff account a new password (stored only as a hash) and end its other sign-ins.

    :param keep_session: the browser session key that stays signed in (an admin changing their
        own password keeps the page they did it from).
    :raises ReceptionError: unknown account or a password shorter than the minimum.
    """
    if len(password or "") < users.MIN_PASSWORD_LENGTH:
        raise invalid("Mật khẩu", f"ít nhất {users.MIN_PASSWORD_LENGTH} ký tự")
    with write_transaction():
        user = existing(User, user_id, "tài khoản")
        user = users.update_user(user.id, password=password, keep_session=keep_session,
                                 hash_method=hash_method)
    sessions.close_sockets(user.id)
    return user


def _keep_an_admin(actor: User, user: User, field: str, verb: str) -> None:
    """Refuse to take admin rights away from the actor or from the last active admin."""
    if actor is not None and user.id == actor.id:
        raise invalid(field, f"bạn không thể tự {verb} tài khoản đang đăng nhập của mình")
    if user.role == "admin" and user.active:
        others = User.select().where(
            (User.role == "admin") & User.active & (User.id != user.id)
        )
        if not others.exists():
            raise invalid(field, "phải còn ít nhất một tài khoản quản trị đang hoạt động")
