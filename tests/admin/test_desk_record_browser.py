"""Issue 11 in headless Chromium: what officers met at the desk with the meeting record.

A half-written record is never lost to F2 / Gọi tiếp (a dialog asks; the draft survives a
reload); record errors sit by their fields; a refused ID card QR still fills what it read;
the transfer dialog offers only counters that receive the matter. One Chromium for the session
(tests/conftest.py), a page per test.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.admin.test_desk_browser import (  # noqa: F401 (fixtures)
    button,
    csp,
    desk,
    issue,
    ticket_status,
)
from tests.live import wait_for

pytestmark = pytest.mark.browser

QR_PHO = ("068085001234|245678901|Nguyễn Văn Phò|15031985|Nam|"
          "Thôn 3, xã Đức An, tỉnh Lâm Đồng|01072021")


ANY = "— quầy nào phục vụ loại việc đó —"


@pytest.fixture
def page(desk):  # noqa: F811 (the imported fixture)
    """The desk page, failing the test on any uncaught script error."""
    errors = []
    desk.on("pageerror", lambda error: errors.append(str(error)))
    yield desk
    assert not errors, errors


def call(page, number):
    button(page, "Gọi tiếp").click()
    expect(page.locator("#current-number")).to_have_text(number)
    expect(page.locator("#record-number")).to_have_text(number)


def write_record(page, summary="Khiếu nại quyết định thu hồi đất thửa 112"):
    page.fill("input[name=full_name]", "Nguyễn Văn Phò")
    page.fill("input[name=address]", "Thôn 3, xã Đức An")
    page.select_option("select[name=matter_type]", "khieu_nai")
    page.select_option("select[name=field]", "dat_dai")
    page.fill("textarea[name=summary]", summary)
    page.select_option("select[name=handling]", "luu_don")


def draft_of(page, ticket_id):
    return page.evaluate("id => localStorage.getItem('reception.desk.record.' + id)", ticket_id)


def test_f2_asks_and_the_draft_survives_a_reload(live_server, page):
    first, second = issue(live_server.url), issue(live_server.url)
    call(page, first["number"])
    page.fill("textarea[name=summary]", "Đang ghi dở nội dung")
    page.wait_for_function(
        "id => (localStorage.getItem('reception.desk.record.' + id) || '').includes('ghi dở')",
        arg=first["id"])

    page.keyboard.press("F2")
    dialog = page.locator("#unsaved-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(f"Biên bản của phiếu số {first['number']} đang ghi dở")
    dialog.get_by_role("button", name="Tiếp tục ghi biên bản").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#current-number")).to_have_text(first["number"])
    assert ticket_status(live_server, first["id"]) == "called"

    page.reload()
    expect(page.locator("#connection")).to_have_class(re.compile("conn-on"))
    expect(page.locator("#record-number")).to_have_text(first["number"])
    expect(page.locator("textarea[name=summary]")).to_have_value("Đang ghi dở nội dung")
    expect(page.locator("#message")).to_contain_text("Đã khôi phục bản nháp")

    button(page, "Gọi tiếp").click()
    expect(dialog).to_be_visible()
    # Escape keeps writing too; no shortcut acts behind the dialog.
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert ticket_status(live_server, first["id"]) == "called"

    page.keyboard.press("F2")
    dialog.get_by_role("button", name="Bỏ biên bản, gọi tiếp").click()
    expect(page.locator("#current-number")).to_have_text(second["number"])
    expect(page.locator("textarea[name=summary]")).to_have_value("")
    assert draft_of(page, first["id"]) is None
    # Called and never started: call-next closes it as a no-show, as without a record.
    assert ticket_status(live_server, first["id"]) == "no_show"

    # "Xóa nội dung đã nhập" asks too: dismissed, the text stays; accepted, it goes.
    page.fill("textarea[name=summary]", "Nội dung của phiếu sau")
    page.once("dialog", lambda prompt: prompt.dismiss())
    page.click("#record-clear")
    expect(page.locator("textarea[name=summary]")).to_have_value("Nội dung của phiếu sau")
    page.once("dialog", lambda prompt: prompt.accept())
    page.click("#record-clear")
    expect(page.locator("textarea[name=summary]")).to_have_value("")


def test_save_and_call_next_and_no_show_asks_too(live_server, page):
    first, second, third = (issue(live_server.url) for _ in range(3))
    call(page, first["number"])
    write_record(page)
    button(page, "Gọi tiếp").click()
    page.locator("#unsaved-dialog").get_by_role(
        "button", name="Lưu biên bản rồi gọi tiếp").click()
    expect(page.locator("#current-number")).to_have_text(second["number"])
    expect(page.locator("#last-record")).to_contain_text(
        f"Đã kết thúc số {first['number']} và lưu biên bản.")
    assert ticket_status(live_server, first["id"]) == "served"

    # F7 (no-show) would close the ticket without its record: asked too, no "save" offered.
    page.fill("textarea[name=summary]", "Ghi nhầm trước khi công dân đến")
    page.keyboard.press("F7")
    dialog = page.locator("#unsaved-dialog")
    expect(dialog).to_be_visible()
    expect(page.locator("#unsaved-save")).to_be_hidden()
    dialog.get_by_role("button", name="Bỏ biên bản, ghi vắng mặt").click()
    expect(page.locator("#current-number")).to_have_text("—")
    assert ticket_status(live_server, second["id"]) == "no_show"
    assert ticket_status(live_server, third["id"]) == "waiting"


def test_record_errors_sit_by_their_fields(live_server, page):
    first, second = issue(live_server.url), issue(live_server.url)
    call(page, first["number"])
    write_record(page)
    page.select_option("select[name=matter_type]", "")
    page.click("#add-document")
    page.fill("#documents input[name=doc_title]", "Đơn khiếu nại")
    page.fill("#documents input[name=doc_copies]", "hai")
    # Saving before calling the next visitor: refused, so nobody is called.
    button(page, "Gọi tiếp").click()
    page.locator("#unsaved-dialog").get_by_role(
        "button", name="Lưu biên bản rồi gọi tiếp").click()
    matter = page.locator("select[name=matter_type]")
    copies = page.locator("#documents input[name=doc_copies]")
    expect(matter).to_have_attribute("aria-invalid", "true")
    expect(matter).to_be_focused()
    expect(page.locator("label.field:has(select[name=matter_type]) .field-error")).to_have_text(
        "Vui lòng điền hoặc chọn mục này")
    expect(copies).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#documents .field-error")).to_have_text("Phải là số nguyên")
    expect(page.locator("#record-error")).to_have_text(
        "Biên bản chưa lưu được: 2 ô chưa hợp lệ, xem các ô được đánh dấu đỏ.")
    expect(page.locator("#record")).not_to_contain_text("matter_type")
    expect(page.locator("#record")).not_to_contain_text("documents.0")
    expect(page.locator("#current-number")).to_have_text(first["number"])
    assert ticket_status(live_server, second["id"]) == "waiting"

    # Corrected: the marks go as the officer types, and F8 saves.
    page.select_option("select[name=matter_type]", "khieu_nai")
    expect(matter).not_to_have_attribute("aria-invalid", "true")
    copies.fill("2")
    page.keyboard.press("F8")
    expect(page.locator("#last-record")).to_contain_text(
        f"Đã kết thúc số {first['number']} và lưu biên bản.")


def test_a_refused_id_card_qr_fills_what_it_read(live_server, page):
    ticket = issue(live_server.url)
    call(page, ticket["number"])
    page.locator("#qr-input").click()
    page.keyboard.type("999" + QR_PHO[3:])
    page.keyboard.press("Enter")
    expect(page.locator("#qr-message")).to_contain_text("Thẻ CCCD đọc được một phần")
    expect(page.locator("input[name=full_name]")).to_have_value("Nguyễn Văn Phò")
    expect(page.locator("input[name=address]")).to_have_value("Thôn 3, xã Đức An, tỉnh Lâm Đồng")
    expect(page.locator("input[name=birth_year]")).to_have_value("1985")
    expect(page.locator("select[name=sex]")).to_have_value("nam")
    number = page.locator("input[name=id_number]")
    expect(number).to_have_value("999085001234")
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_be_focused()
    expect(page.locator("label.field:has(input[name=id_number]) .field-error")).to_contain_text(
        "không phải mã tỉnh")
    # The officer corrects three digits, not the whole card.
    number.fill("068085001234")
    expect(number).not_to_have_attribute("aria-invalid", "true")


def test_transfer_offers_only_counters_receiving_the_matter(live_server, page):
    ticket = issue(live_server.url, "B")  # Tố cáo: counters 1 and 2 only
    call(page, ticket["number"])
    button(page, "Chuyển").click()
    counters = page.locator("#transfer-counter option")
    expect(counters).to_have_text([ANY, "Quầy 2"])
    page.select_option("#transfer-service", "C")
    expect(counters).to_have_text([ANY, "Quầy 2", "Quầy 3"])
    page.select_option("#transfer-counter", label="Quầy 3")
    page.select_option("#transfer-service", "A")
    expect(counters).to_have_text([ANY, "Quầy 2"])
    expect(page.locator("#transfer-counter")).to_have_value("")

    # Were counter 3 offered anyway (a stale page), the server's refusal is shown as worded.
    page.select_option("#transfer-service", "")
    page.evaluate("""() => {
      const select = document.getElementById("transfer-counter");
      select.appendChild(new Option("Quầy 3", "3"));
      select.value = "3";
    }""")
    page.locator("#transfer-dialog").get_by_role("button", name="Chuyển phiếu").click()
    expect(page.locator("#message")).to_have_text(re.compile(
        "^Quầy 3 không tiếp nhận loại việc “Tố cáo”"))
    assert ticket_status(live_server, ticket["id"]) == "called"


def test_a_late_list_of_matters_keeps_the_one_chosen_in_the_transfer_dialog(live_server, page):
    """Opening the dialog asks the server for the matters again; on a slow network the officer
    may already have chosen one when the answer comes: the choice and its counters stay."""
    ticket = issue(live_server.url, "B")
    call(page, ticket["number"])
    held = []
    page.route(re.compile(r"/api/v1/services(\?.*)?$"), lambda route: held.append(route))
    button(page, "Chuyển").click()
    page.select_option("#transfer-service", "C")
    counters = page.locator("#transfer-counter option")
    expect(counters).to_have_text([ANY, "Quầy 2", "Quầy 3"])
    page.select_option("#transfer-counter", label="Quầy 3")
    # Playwright hands the request to the route handler while it waits on the page.
    wait_for(lambda: held or page.wait_for_timeout(20), message="the held request")
    assert len(held) == 1
    page.evaluate("""() => {
      window.refills = 0;
      new MutationObserver(() => { window.refills += 1; })
        .observe(document.getElementById("transfer-service"), {childList: true});
    }""")
    held[0].continue_()
    page.wait_for_function("() => window.refills > 0")
    expect(page.locator("#transfer-service")).to_have_value("C")
    expect(counters).to_have_text([ANY, "Quầy 2", "Quầy 3"])
    expect(page.locator("#transfer-counter")).to_have_value("3")
