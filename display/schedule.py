"""The public reception schedule (no login): it must be posted publicly by law
(Nghị định 64/2014 Điều 12.1.đ). Leaders' sessions and holidays, never officers' names."""

from datetime import timedelta

from flask import g, render_template

from display import bp
from reception import clock, schedule
from reception import settings as org_settings
from reception.schedule.models import DutyShift
from reception.translations import C_, N_, translate
from web.pages import app_response

TEXTS = {
    "title": C_("title", "Lịch tiếp công dân"),
    "intro": N_("Lịch tiếp công dân của lãnh đạo từ ngày {first} đến ngày {last}."),
    "empty": N_("Chưa có lịch tiếp công dân của lãnh đạo trong thời gian này."),
    "day": N_("Ngày"),
    "time": C_("time", "Thời gian"),
    "leader": C_("leader", "Lãnh đạo tiếp công dân"),
    "place": N_("Địa điểm"),
    "moved_from": N_("(dời từ ngày {day} do trùng ngày nghỉ)"),
    "days_off": N_("Ngày nghỉ lễ, Tết"),
    "duty": N_("Có cán bộ trực tiếp công dân"),
    "no_duty": N_("Không tiếp công dân"),
    "updated": N_("Cập nhật ngày {day}"),
    "legal": N_(
        "Công dân đến khiếu nại, tố cáo, kiến nghị, phản ánh vui lòng mang theo giấy tờ tùy "
        "thân (Luật Tiếp công dân Điều 7).",
    ),
}


@bp.get("/schedule")
def public_schedule():
    lang = g.lang
    first = clock.today()
    last = first + timedelta(days=int(schedule.options()["public_days"]) - 1)
    on_duty = {row.day for row in DutyShift.select(DutyShift.day).where(
        (DutyShift.day >= first) & (DutyShift.day <= last) & (DutyShift.duty == "tiep_dan"))}
    page = render_template(
        "display/schedule.html", lang=lang,
        t=lambda key, **params: translate(TEXTS[key], lang).format(**params),
        first=first, last=last, today=first,
        sessions=[schedule.session_view(o) for o in schedule.occurrences(first, last)],
        days_off=[(day, name, day in on_duty)
                  for day, name in sorted(schedule.days_off(first, last).items())],
        org=org_settings.all_settings(),
        # The weekday names are the kiosk's (web/screen_texts.py), translated alike.
        weekdays=[translate(day, lang) for day in schedule.WEEKDAYS],
    )
    return app_response(page)
