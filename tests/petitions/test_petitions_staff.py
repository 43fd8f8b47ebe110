"""Staff pages of online petitions: the same denouncer secrecy and audit as a visit, the
officer's classification (02/XLD) and the neutral message it sends."""

from reception.cases.access import MASK
from reception.cases.models import AuditLog
from reception.database import connection
from reception.notifications import sender
from reception.petitions.models import Petition
from tests.admin.conftest import log_in
from tests.petitions.conftest import JPEG, PDF, files, form


def signed_in(app, make_user, role):
    user, password = make_user(role)
    browser = app.test_client()
    browser.csrf = log_in(browser, user.username, password)
    browser.user = user
    return browser


def sent(send, **changes):
    answer = send(form(**changes), files((PDF, "don-goc.pdf"), (JPEG, "chu-ky.jpg")))
    assert answer.status_code == 201, answer.json
    with connection():
        return Petition.get(Petition.code == answer.json["petition"]["code"])


def audit_actions(user):
    with connection():
        return [(a.action, a.object_id) for a in
                AuditLog.select().where(AuditLog.user_id == user.id).order_by(AuditLog.id)]


def test_an_officer_reads_and_classifies_an_ordinary_petition(app, make_user, send, client,
                                                              sms_gateway):
    petition = sent(send, service="A")
    officer = signed_in(app, make_user, "officer")
    listing = officer.get("/admin/petitions").get_data(as_text=True)
    assert petition.code in listing and "Nguyễn Thị Hoà" in listing
    assert "Chờ phân loại" in listing
    page = officer.get(f"/admin/petitions/{petition.id}").get_data(as_text=True)
    assert "Nguyễn Thị Hoà" in page and "0912345678" in page and "don-goc.pdf" in page
    assert "Phân loại đơn (Mẫu 02/XLD)" in page
    with connection():
        first_file = petition.files.order_by("position").first()
    download = officer.get(f"/admin/petitions/{petition.id}/files/{first_file.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]

    bad = officer.post(f"/admin/petitions/{petition.id}/classify",
                       data={"csrf_token": officer.csrf, "matter_type": "khieu_nai",
                             "field": "không-có", "handling": "thu_ly"})
    assert bad.status_code == 400 and "Lĩnh vực" in bad.get_data(as_text=True)
    saved = officer.post(f"/admin/petitions/{petition.id}/classify",
                         data={"csrf_token": officer.csrf, "matter_type": "khieu_nai",
                               "field": "dat_dai", "handling": "thu_ly", "note": "Đủ điều kiện"})
    assert saved.status_code == 302
    with connection():
        row = Petition.get_by_id(petition.id)
    assert (row.status, row.matter_type, row.field, row.content_group, row.handling) == (
        "classified", "khieu_nai", "dat_dai", "hanh_chinh_dat_dai_nha_o", "thu_ly")
    assert row.responsible_id == officer.user.id
    public = client.get(f"/api/v1/petitions/{petition.code}").json["petition"]
    assert public["status"] == "classified" and public["classified_at"]
    assert "matter_type" not in public and "field" not in public
    sender.send_due()
    texts = [r["json"]["text"] for r in sms_gateway[1].received]
    assert any("đã được xem xét, phân loại" in t and petition.code in t for t in texts)
    assert not any("Khiếu nại" in t or "Đất đai" in t for t in texts)
    assert ("petition.view", str(petition.id)) in audit_actions(officer.user)
    assert ("petition.file", str(petition.id)) in audit_actions(officer.user)
    assert ("petition.classify", str(petition.id)) in audit_actions(officer.user)


def test_a_denouncers_identity_and_files_are_secret_from_other_officers(app, make_user, send):
    petition = sent(send, service="B", name="Trần Văn Tố", email="to@example.vn")
    officer = signed_in(app, make_user, "officer")
    listing = officer.get("/admin/petitions").get_data(as_text=True)
    assert petition.code in listing and "Trần Văn Tố" not in listing and MASK in listing
    page = officer.get(f"/admin/petitions/{petition.id}").get_data(as_text=True)
    for secret in ("Trần Văn Tố", "0912345678", "to@example.vn", "Thôn 3", "don-goc.pdf"):
        assert secret not in page
    assert "Danh tính người gửi và tệp kèm theo được giữ bí mật" in page
    assert "Đề nghị xem xét" in page  # the content itself is read to classify it
    with connection():
        first_file = petition.files.first()
    refused = officer.get(f"/admin/petitions/{petition.id}/files/{first_file.id}")
    assert refused.status_code == 403
    classify = officer.post(f"/admin/petitions/{petition.id}/classify",
                            data={"csrf_token": officer.csrf, "matter_type": "to_cao",
                                  "field": "tham_nhung", "handling": "thu_ly"})
    assert classify.status_code == 403
    assert ("petition.file.denied", str(petition.id)) in audit_actions(officer.user)
    assert ("petition.classify.denied", str(petition.id)) in audit_actions(officer.user)

    # A leader sees everything and puts the officer in charge, who then sees it too.
    leader = signed_in(app, make_user, "leader")
    page = leader.get(f"/admin/petitions/{petition.id}").get_data(as_text=True)
    assert "Trần Văn Tố" in page and "don-goc.pdf" in page
    assert leader.post(f"/admin/petitions/{petition.id}/classify",
                       data={"csrf_token": leader.csrf, "matter_type": "to_cao",
                             "field": "tham_nhung", "handling": "thu_ly",
                             "responsible": str(officer.user.id)}).status_code == 302
    page = officer.get(f"/admin/petitions/{petition.id}").get_data(as_text=True)
    assert "Trần Văn Tố" in page
    assert officer.get(f"/admin/petitions/{petition.id}/files/{first_file.id}").status_code == 200
    # Another officer still does not.
    other = signed_in(app, make_user, "officer")
    assert "Trần Văn Tố" not in other.get(f"/admin/petitions/{petition.id}").get_data(
        as_text=True)


def test_an_ordinary_petition_classified_a_denunciation_becomes_secret(app, make_user, send):
    petition = sent(send, service="C", name="Lê Thị Kín")
    officer = signed_in(app, make_user, "officer")
    assert officer.post(f"/admin/petitions/{petition.id}/classify",
                        data={"csrf_token": officer.csrf, "matter_type": "to_cao",
                              "field": "tham_nhung", "handling": "thu_ly"}).status_code == 302
    other = signed_in(app, make_user, "officer")
    assert "Lê Thị Kín" not in other.get(f"/admin/petitions/{petition.id}").get_data(
        as_text=True)
    assert "Lê Thị Kín" in officer.get(f"/admin/petitions/{petition.id}").get_data(
        as_text=True)


def test_security_staff_see_no_petition(app, make_user, send):
    petition = sent(send)
    guard = signed_in(app, make_user, "security")
    assert guard.get("/admin/petitions").status_code == 403
    assert guard.get(f"/admin/petitions/{petition.id}").status_code == 403
    with connection():
        first_file = petition.files.first()
    assert guard.get(f"/admin/petitions/{petition.id}/files/{first_file.id}").status_code == 403
    assert ("petition.list.denied", "") in audit_actions(guard.user)
