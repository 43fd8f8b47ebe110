"""Queue tickets and printer test pages drawn as 1-bit images for ESC/POS raster printing.

Thermal printers turn Vietnamese text sent as characters into ``?`` (docs/architecture.md), so
everything is drawn with a Vietnamese font and sent as a picture.
"""

import threading
from dataclasses import dataclass
from datetime import datetime

from PIL import Image

from reception.printing.layout import WIDTH_80MM, Column, PageLayout, draw_layout, nfc, qr_image

DEFAULT_TITLE = "PHIẾU SỐ THỨ TỰ"
TEST_SAMPLE = "Kiểm tra máy in – ỐỨỰỄ ắằẳẵặ đ Đ"
VIETNAMESE_LETTERS = (
    "ăâđêôơư áàảãạ ấầẩẫậ ắằẳẵặ éèẻẽẹ ếềểễệ íìỉĩị óòỏõọ ốồổỗộ ớờởỡợ úùủũụ ứừửữự ýỳỷỹỵ"
)

# One FreeType face must not be used by two threads at once, and the fonts are shared.
_draw_lock = threading.RLock()


@dataclass(frozen=True, kw_only=True)
class TicketPrintout:
    """What one printed queue ticket says: never the matter (see reception.public)."""

    org_name: str
    title: str = DEFAULT_TITLE
    number: str
    party_size: int
    is_group: bool
    priority_label: str | None
    issued_at: datetime
    ahead: int
    estimated_wait_minutes: int
    status_url: str
    notice: str

    def __post_init__(self) -> None:
        """Reject values that cannot be printed truthfully."""
        if self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be timezone-aware")
        if self.party_size < 1:
            raise ValueError("party_size must be at least 1")
        if self.ahead < 0 or self.estimated_wait_minutes < 0:
            raise ValueError("ahead and estimated_wait_minutes must not be negative")


def wait_text(minutes: int) -> str:
    """Say an estimated wait in Vietnamese, in hours and minutes."""
    if minutes < 1:
        return "dưới 1 phút"
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"khoảng {rest} phút"
    return f"khoảng {hours} giờ {rest} phút" if rest else f"khoảng {hours} giờ"


def layout_ticket(ticket: TicketPrintout, width_px: int = WIDTH_80MM) -> PageLayout:
    """Lay a ticket out on paper width_px dots wide."""
    page = Column(width_px)
    page.text(ticket.org_name, 26, bold=True)
    page.rule()
    page.text(ticket.title, 30, bold=True)
    page.gap(14)
    page.number(ticket.number)
    page.gap(18)
    page.text(f"Số người: {ticket.party_size}", 26)
    if ticket.is_group:
        page.text("Đoàn đông người", 26, bold=True)
    if ticket.priority_label:
        page.gap(4)
        page.band(f"Ưu tiên: {ticket.priority_label}", 26)
    page.rule()
    issued = ticket.issued_at
    page.text(f"Ngày {issued:%d/%m/%Y} lúc {issued:%H:%M}", 24)
    page.text(f"Số người đang chờ trước bạn: {ticket.ahead}", 24)
    page.text(f"Thời gian chờ dự kiến: {wait_text(ticket.estimated_wait_minutes)}", 24)
    page.gap(10)
    # Phones need modules of at least ~0.5 mm (4 dots): keep the code large on 58 mm paper too.
    page.picture(qr_image(ticket.status_url, round(0.45 * width_px)))
    page.text("Quét mã để theo dõi lượt của bạn", 20)
    page.rule()
    page.text(ticket.notice, 22)
    return page.finish()


def render_ticket(ticket: TicketPrintout, width_px: int = WIDTH_80MM) -> Image.Image:
    """Draw a ticket as a 1-bit image width_px dots wide (576 for 80 mm, 384 for 58 mm)."""
    with _draw_lock:
        return draw_layout(layout_ticket(ticket, width_px))


def layout_test_page(
    printer_name: str, width_px: int = WIDTH_80MM, printed_at: datetime | None = None
) -> PageLayout:
    """Lay out the page an administrator prints to check a printer."""
    printed_at = printed_at or datetime.now().astimezone()
    page = Column(width_px)
    page.text("TRANG IN THỬ", 30, bold=True)
    page.text(printer_name, 24)
    page.text(f"In lúc {printed_at:%H:%M} ngày {printed_at:%d/%m/%Y}", 22)
    page.rule()
    page.text(TEST_SAMPLE, 26, bold=True)
    page.text(TEST_SAMPLE, 26)
    page.gap(6)
    page.text(VIETNAMESE_LETTERS, 22)
    page.text(nfc(VIETNAMESE_LETTERS).upper(), 22)
    page.rule()
    page.band("Chữ trắng trên nền đen", 24)
    page.gap(10)
    page.picture(qr_image(TEST_SAMPLE, page.px(160)))
    page.text(f"Khổ in {width_px} điểm; hai vạch dọc là mép vùng in", 20)
    return page.finish(frame=True)


def render_test_page(
    printer_name: str, width_px: int = WIDTH_80MM, printed_at: datetime | None = None
) -> Image.Image:
    """Draw the printer test page with every tricky Vietnamese letter as a 1-bit image."""
    with _draw_lock:
        return draw_layout(layout_test_page(printer_name, width_px, printed_at))
