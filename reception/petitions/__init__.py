"""Online petitions (đơn trực tuyến): intake, public status by code, staff review."""

from pathlib import Path

from reception.petitions import files, intake
from reception.petitions.intake import petition_status, submit


def configure(config, instance_path: str) -> None:
    """Read where files go and the per-address limit from the app config."""
    files.configure(config.get("PETITION_FOLDER") or Path(instance_path) / "petitions")
    intake.ADDRESS_LIMIT = config.get("PETITION_LIMIT_ADDRESS") or intake.ADDRESS_LIMIT


__all__ = ["configure", "petition_status", "submit"]
