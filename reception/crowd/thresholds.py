"""Alert thresholds, stored in the shared Setting table under "crowd.thresholds".

The group threshold is the organisation's own setting (a ticket of that many people is a
group delegation); the others belong to the crowd view and default to the values below.
"""

from reception import settings as org_settings
from reception.database import write_transaction
from reception.errors import Invalid

DEFAULTS = {
    # People in the hall from which it is "đông" (crowded) and "quá đông" (overcrowded).
    "crowded": 50,
    "overcrowded": 100,
    # A ticket waiting longer than this raises the long-wait alert.
    "long_wait_minutes": 60,
}
KEY = org_settings.declare("crowd.thresholds", DEFAULTS)
BOUNDS = {
    "group_threshold": (2, 100),
    "crowded": (1, 10000),
    "overcrowded": (2, 20000),
    "long_wait_minutes": (5, 600),
}
LABELS = {
    "group_threshold": "Ngưỡng đoàn đông người",
    "crowded": "Ngưỡng “đông”",
    "overcrowded": "Ngưỡng “quá đông”",
    "long_wait_minutes": "Thời gian chờ tối đa (phút)",
}


def limits() -> dict:
    """Return the thresholds in force: stored values over the defaults, plus group_threshold."""
    values = org_settings.merged(KEY)
    values["group_threshold"] = int(org_settings.get("group_threshold"))
    return values


def save(changes: dict) -> dict:
    """Store new thresholds and return them all.

    :raises ReceptionError: a value that is not a whole number in its range, or a
        "quá đông" threshold not above the "đông" one.
    """
    with write_transaction():
        values = limits()
        for key, raw in changes.items():
            if key not in BOUNDS:
                raise Invalid("invalid_value", field=key, detail="không có ngưỡng này")
            values[key] = _whole(key, raw)
        if values["overcrowded"] <= values["crowded"]:
            raise Invalid("invalid_value", field=LABELS["overcrowded"],
                          detail=f"phải lớn hơn ngưỡng “đông” ({values['crowded']})")
        org_settings.put(KEY, {k: values[k] for k in DEFAULTS})
        org_settings.put("group_threshold", values["group_threshold"])
    return values


def _whole(key: str, raw) -> int:
    low, high = BOUNDS[key]
    try:
        number = int(str(raw).strip())
    except ValueError:
        number = None
    if number is None or isinstance(raw, bool) or not low <= number <= high:
        raise Invalid("invalid_value", field=LABELS[key],
                      detail=f"phải là số nguyên từ {low} đến {high}")
    return number
