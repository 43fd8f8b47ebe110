"""Command-line tools: flask init-db, users create, queue expire and serve."""

import os
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from reception import queue, schema, users
from reception.config import Settings
from reception.database import connection
from reception.errors import ReceptionError
from reception.models import ROLES
from reception.notifications.commands import notifications_cli

users_cli = AppGroup("users", help="Manage staff accounts.")
queue_cli = AppGroup("queue", help="Queue housekeeping.")


@click.command("init-db")
@click.option("--seed", is_flag=True, help="Seed demo services and counters when empty.")
@with_appcontext
def init_db_command(seed):
    """Create or migrate the schema (idempotent); optionally seed a demo headquarters."""
    version = schema.init_db()
    click.echo(f"Cơ sở dữ liệu sẵn sàng (phiên bản lược đồ {version}).")
    seed_demo = current_app.extensions.get("reception.seed_demo")
    if seed and seed_demo is not None and seed_demo():
        click.echo("Đã tạo dữ liệu mẫu: các loại việc và quầy tiếp dân.")
    created = schema.ensure_admin(Settings.of(current_app).password_hash_method)
    if created:
        username, password = created
        click.echo("=" * 64)
        click.echo(f"Tài khoản quản trị đầu tiên: {username}")
        click.echo(f"Mật khẩu (chỉ hiện MỘT lần, hãy ghi lại và đổi ngay): {password}")
        click.echo("=" * 64)


def at_terminal() -> bool:
    """Tell whether someone types at a terminal (prompts) or stdin is piped (no prompts)."""
    return sys.stdin.isatty()


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--full-name", default="",
              help="Họ và tên, in trên giấy tờ (hỏi khi không ghi và chạy trong terminal).")
def create_user_command(username, role, full_name):
    """Create a staff account; the full name is required (official papers print it), the
    password is prompted (or read from stdin's first line)."""
    interactive = at_terminal()
    full_name = full_name.strip()
    if not full_name and interactive:
        full_name = click.prompt("Họ và tên").strip()
    if not full_name:
        raise click.ClickException(
            'Cần ghi họ và tên (--full-name "Nguyễn Văn A"): giấy tờ in họ tên cán bộ, '
            "không in tên đăng nhập.")
    if interactive:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        with connection():
            user = users.create_user(username, password, role, full_name=full_name,
                                     hash_method=Settings.of(current_app).password_hash_method)
    except ReceptionError as error:
        raise click.ClickException(error.message()) from error
    click.echo(f"Đã tạo tài khoản {user.username} – {user.full_name} ({user.role}).")


@queue_cli.command("expire")
def expire_command():
    """Expire tickets left waiting from past days or after closing time."""
    with connection():
        changed = queue.expire_stale(Settings.of(current_app).closing_time)
    click.echo(f"Đã đóng {changed} phiếu quá hạn.")


@click.command("serve")
@click.option("--threads", default=int(os.environ.get("THREADS", "256")), show_default=True,
              help="Luồng trong mỗi tiến trình / threads per worker process.")
@click.option("--workers", default=None,
              help="Số tiến trình (mặc định RECEPTION_WORKERS, 1); nhiều hơn 1 cần PostgreSQL "
                   "và Redis / worker processes (default RECEPTION_WORKERS, 1).")
def serve_command(threads, workers):
    """Serve kiosk, display, desk and API with gunicorn (worker processes × threads) on
    HOST:PORT; several processes only on PostgreSQL with a Redis message queue."""
    from reception.server import WorkersRefused, check_workers, serve

    config = current_app.config
    try:
        count = check_workers(workers if workers is not None else config.get("WORKERS", 1),
                              config["DATABASE_URL"], config.get("SOCKETIO_MESSAGE_QUEUE"))
    except WorkersRefused as error:
        refused = click.ClickException(str(error))
        # EX_CONFIG (sysexits.h): a setting to fix, which restarting will not; the systemd
        # units in deploy/ do not restart on it.
        refused.exit_code = 78
        raise refused from error
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "5000"))
    processes = f", {count} tiến trình / processes" if count > 1 else ""
    click.echo(f"Đang phục vụ tại http://{host}:{port}/ (kiosk: /kiosk/, bảng: /display/, "
               f"quầy: /admin/{processes})")
    serve(host, port, threads, current_app.extensions["reception.app_factory"], count)


def register(app, app_factory, seed_demo=None):
    """Attach the commands to the application.

    :param app_factory: builds the app each `flask serve` worker process serves (app.create_app;
        the core imports no app).
    :param seed_demo: fills an empty database with a demo headquarters for `init-db --seed`
        (demo.headquarters.seed; the core knows no demo data), returning whether it did.
    """
    app.extensions["reception.app_factory"] = app_factory
    app.extensions["reception.seed_demo"] = seed_demo
    app.cli.add_command(init_db_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(queue_cli)
    app.cli.add_command(serve_command)
    app.cli.add_command(notifications_cli)
