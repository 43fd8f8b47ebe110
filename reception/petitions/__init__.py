"""Online petitions (đơn trực tuyến): intake, public status by code, staff review."""

from reception.petitions.intake import petition_status, submit

__all__ = ["petition_status", "submit"]
