"""The demo headquarters `make run` starts with: four matters, three counters, a commune's name."""

from reception import settings as org_settings
from reception.database import write_transaction
from reception.models import Counter, CounterService, Service

DEMO_SERVICES = [
    # code, Vietnamese, English, confidential
    ("A", "Khiếu nại", "Complaint", False),
    ("B", "Tố cáo", "Denunciation", True),
    ("C", "Kiến nghị, phản ánh", "Petition, feedback", False),
    ("D", "Nộp đơn, hỏi thông tin", "Hand in a letter, ask for information", False),
]
DEMO_COUNTERS = [(1, "Quầy 1", "ABCD"), (2, "Quầy 2", "ABCD"), (3, "Quầy 3", "CD")]


def seed() -> bool:
    """Seed demo services, counters and organisation details into an empty database."""
    with write_transaction():
        if Service.select().exists():
            return False
        services = {}
        for order, (code, name_vi, name_en, confidential) in enumerate(DEMO_SERVICES):
            services[code] = Service.create(
                code=code, name_vi=name_vi, name_en=name_en,
                confidential=confidential, sort_order=order,
            )
        for number, name, codes in DEMO_COUNTERS:
            counter = Counter.create(number=number, name=name)
            for code in codes:
                CounterService.create(counter=counter, service=services[code])
        org_settings.put("org_name", "UBND xã Đức An, tỉnh Lâm Đồng")
        org_settings.put("org_level", "Cấp xã")
        org_settings.put("org_address", "Trụ sở Tiếp công dân xã Đức An, tỉnh Lâm Đồng")
        return True
