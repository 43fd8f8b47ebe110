"""The one-page urgent report (báo cáo nhanh) of a day's crowd incidents, as a PDF.

Names no matter: alerts and incident lines read as on the security staff's crowd view, so
the page can go to the police post as it is. Long days are cut to what fits one A4 page,
saying how many lines were left out.
"""

import json
from datetime import date

from reception import clock
from reception import settings as org_settings
from reception.cases.pdf import Document
from reception.crowd import alerts
from reception.crowd.models import CrowdAlert
from reception.crowd.snapshot import incident_log
from reception.notifications.urgent import told

MAX_ALERTS = 10
MAX_ENTRIES = 14


def _hhmm(iso: str | None) -> str:
    return iso[11:16] if iso else "—"


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def urgent_report_pdf(day: date) -> bytes:
    """Return the day's urgent report: figures now, alerts with who was told and who
    acknowledged, and the latest incident log lines, on one A4 page."""
    org = org_settings.get("org_name") or ""
    document = Document(footer_text=f"Báo cáo nhanh ngày {day:%d/%m/%Y}")
    document.set_auto_page_break(False)
    document.state_header(org)
    document.line_of("BÁO CÁO NHANH", size=14, bold=True, align="C")
    document.line_of(f"Tình hình đông người tại trụ sở tiếp công dân ngày {day:%d/%m/%Y}",
                     size=10, align="C")
    now = clock.now()
    document.line_of(f"Lập lúc {now:%H:%M} ngày {now:%d/%m/%Y}.", size=9, align="C")
    if day == clock.today():
        hall = alerts.hall_now()
        document.line_of(f"Hiện có {hall.people_in_hall} người trong trụ sở "
                         f"({hall.walk_in_people} người đến theo đoàn không lấy số).", size=9)
    raised = list(CrowdAlert.select().where(CrowdAlert.day == day)
                  .order_by(CrowdAlert.raised_at, CrowdAlert.id))
    document.line_of(f"I. Cảnh báo trong ngày: {len(raised)}", size=10, bold=True)
    notified = told([a.id for a in raised])
    rows = []
    for alert in raised[:MAX_ALERTS]:
        payload = json.loads(alert.payload or "{}")
        names = ", ".join(sorted({f"{n['name']} ({n['status_label']})"
                                  for n in notified.get(alert.id, [])})) or "—"
        names = names if len(names) <= 200 else names[:199] + "…"
        ack = "—"
        if alert.acknowledged_at:
            who = alert.acknowledged_by
            ack = (f"{(who.full_name or who.username) if who else '—'} lúc "
                   f"{_hhmm(clock.iso(alert.acknowledged_at))}")
        rows.append([_hhmm(clock.iso(alert.raised_at)), alerts.message(alert.kind, payload),
                     _hhmm(clock.iso(alert.cleared_at)), names, ack])
    if rows:
        document.grid(["Lúc", "Sự việc", "Hết lúc", "Đã báo cho", "Xác nhận"], rows,
                      size=7.5, shares=[1, 5, 1.2, 4, 2.5])
    if len(raised) > MAX_ALERTS:
        document.line_of(f"… và {len(raised) - MAX_ALERTS} cảnh báo khác.", size=8)
    entries = incident_log(day)
    document.ln(2)
    document.line_of(f"II. Nhật ký sự việc (mới nhất trước): {len(entries)} mục", size=10,
                     bold=True)
    lines = [[_hhmm(e["at"]), e["summary"], _short(e["text"] or ""), e["user"] or ""]
             for e in entries[:MAX_ENTRIES]]
    if lines:
        document.grid(["Lúc", "Sự việc", "Ghi chú", "Người ghi"], lines, size=7.5,
                      shares=[1, 5, 4, 2])
    if len(entries) > MAX_ENTRIES:
        document.line_of(f"… và {len(entries) - MAX_ENTRIES} mục trước đó (xem trên hệ thống).",
                         size=8)
    document.ln(4)
    document.line_of("Người lập báo cáo (ký, ghi rõ họ tên)", size=9, align="R")
    return document.bytes()
