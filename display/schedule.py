"""The public reception schedule (no login): it must be posted publicly by law
(Nghị định 64/2014 Điều 12.1.đ). Leaders' sessions and holidays, never officers' names."""

from datetime import timedelta

from flask import g, render_template

from display import bp
from reception import clock, schedule
from reception import settings as org_settings
from reception.schedule.models import DutyShift
from web.pages import app_response

WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEXTS = {
    "title": ("Lịch tiếp công dân", "Citizen reception schedule"),
    "intro": ("Lịch tiếp công dân của lãnh đạo từ ngày {first} đến ngày {last}.",
              "Leaders' reception of citizens from {first} to {last}."),
    "empty": ("Chưa có lịch tiếp công dân của lãnh đạo trong thời gian này.",
              "No leader reception is scheduled in this period."),
    "day": ("Ngày", "Day"),
    "time": ("Thời gian", "Time"),
    "leader": ("Lãnh đạo tiếp công dân", "Receiving leader"),
    "place": ("Địa điểm", "Place"),
    "moved_from": ("(dời từ ngày {day} do trùng ngày nghỉ)", "(moved from {day}, a day off)"),
    "days_off": ("Ngày nghỉ lễ, Tết", "Public holidays"),
    "duty": ("Có cán bộ trực tiếp công dân", "Officers on reception duty"),
    "no_duty": ("Không tiếp công dân", "No reception"),
    "updated": ("Cập nhật ngày {day}", "Updated {day}"),
    "legal": ("Công dân đến khiếu nại, tố cáo, kiến nghị, phản ánh vui lòng mang theo giấy tờ "
              "tùy thân (Luật Tiếp công dân Điều 7).",
              "Please bring an identity document (Law on Citizen Reception, art. 7)."),
}


@bp.get("/schedule")
def public_schedule():
    lang = "en" if g.lang == "en" else "vi"
    first = clock.today()
    last = first + timedelta(days=int(schedule.options()["public_days"]) - 1)
    on_duty = {row.day for row in DutyShift.select(DutyShift.day).where(
        (DutyShift.day >= first) & (DutyShift.day <= last) & (DutyShift.duty == "tiep_dan"))}
    page = render_template(
        "display/schedule.html", lang=lang,
        t=lambda key, **params: TEXTS[key][lang == "en"].format(**params),
        first=first, last=last, today=first,
        sessions=[schedule.session_view(o) for o in schedule.occurrences(first, last)],
        days_off=[(day, name, day in on_duty)
                  for day, name in sorted(schedule.days_off(first, last).items())],
        org=org_settings.all_settings(),
        weekdays=WEEKDAYS_EN if lang == "en" else schedule.WEEKDAYS,
    )
    return app_response(page)
