"""Official papers name the officer by full name, never by username (issue 11, item 12): the
CLI and the new-account form require the full name; the receipt, the refusal notice and the
case sheet print it, falling back to the username only for an old account without one."""

from io import BytesIO

from pypdf import PdfReader

from reception.database import connection
from reception.models import User
from tests.admin.conftest import csrf_from, log_in
from tests.cases.conftest import meeting


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_users_create_needs_the_full_name(runner):
    # Piped (no terminal): nothing to prompt with, so the option is required.
    missing = runner.invoke(args=["users", "create", "canbo", "--role", "officer"],
                            input="mot-mat-khau-dai\n")
    assert missing.exit_code != 0
    assert "Cần ghi họ và tên (--full-name" in missing.output
    blank = runner.invoke(args=["users", "create", "canbo", "--role", "officer",
                                "--full-name", "   "], input="mot-mat-khau-dai\n")
    assert blank.exit_code != 0
    made = runner.invoke(args=["users", "create", "canbo", "--role", "officer",
                               "--full-name", "Nguyễn Thị Hồng Nhung"],
                         input="mot-mat-khau-dai\n")
    assert made.exit_code == 0, made.output
    assert "Nguyễn Thị Hồng Nhung" in made.output
    with connection():
        assert User.get(User.username == "canbo").full_name == "Nguyễn Thị Hồng Nhung"
        assert User.select().where(User.username == "canbo").count() == 1


def test_users_create_prompts_for_the_full_name_at_a_terminal(runner, monkeypatch):
    monkeypatch.setattr("reception.cli.at_terminal", lambda: True)
    made = runner.invoke(args=["users", "create", "lanhdao", "--role", "leader"],
                         input="Phạm Văn Đức\nmot-mat-khau-dai\nmot-mat-khau-dai\n")
    assert made.exit_code == 0, made.output
    assert "Họ và tên" in made.output
    with connection():
        assert User.get(User.username == "lanhdao").full_name == "Phạm Văn Đức"


def test_the_new_account_form_requires_the_full_name(client, make_user):
    admin, password = make_user("admin")
    log_in(client, admin.username, password)
    html = client.get("/admin/users/new").get_data(as_text=True)
    assert 'name="full_name" value="" maxlength="120" required' in html
    token = csrf_from(html)
    refused = client.post("/admin/users/new", data={
        "username": "khongten", "full_name": "", "role": "officer",
        "password": "mat-khau-an-toan", "csrf_token": token})
    assert refused.status_code == 400
    assert "Họ và tên" in refused.get_data(as_text=True)
    with connection():
        assert not User.select().where(User.username == "khongten").exists()


def test_papers_print_the_full_name_not_the_username(client, staff, recorded):
    officer, headers = staff("officer", "Trần Thị Mai")
    visit = recorded(headers, meeting())
    receipt = pdf_text(client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf",
                                  headers=headers).data)
    assert "Người nhận: Trần Thị Mai." in receipt
    assert officer.username not in receipt
    case = pdf_text(client.get(f"/api/v1/cases/{visit['case']['id']}/export.pdf",
                               headers=headers).data)
    assert "Cán bộ phụ trách: Trần Thị Mai" in case and officer.username not in case
    refused = recorded(headers, meeting(handling="tu_choi", refusal_reason="say_chat_kich_thich",
                                        documents=[], visitor={"full_name": "Lê Văn Say"}))
    notice = pdf_text(client.get(f"/api/v1/visits/{refused['id']}/refusal-notice.pdf",
                                 headers=headers).data)
    assert "NGƯỜI TIẾP CÔNG DÂN" in notice and "Trần Thị Mai" in notice
    assert officer.username not in notice
    # The case page names who received the visit the same way.
    log_in(client, officer.username)
    page = client.get(f"/admin/cases/{visit['case']['id']}").get_data(as_text=True)
    assert "Trần Thị Mai" in page


def test_an_old_account_without_a_full_name_falls_back_to_its_username(client, staff,
                                                                       recorded):
    officer, headers = staff("officer")  # created before names were required
    visit = recorded(headers, meeting())
    receipt = pdf_text(client.get(f"/api/v1/visits/{visit['id']}/receipt.pdf",
                                  headers=headers).data)
    assert f"Người nhận: {officer.username}." in receipt
