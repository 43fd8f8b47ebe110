"""Petition fixtures: an app that keeps petition files under tmp_path, and a sender helper."""

import io

import pytest

from tests.notifications.conftest import (  # noqa: F401  (fixtures)
    delivering_app,
    make_app,
    sms_gateway,
    smtp_server,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def form(**changes) -> dict:
    """Return a valid petition form (multipart fields); changes override or add fields."""
    values = {"name": "Nguyễn Thị Hoà", "phone": "0912345678", "address": "Thôn 3, xã Đức An",
              "service": "A", "content": "Đề nghị xem xét việc cấp giấy chứng nhận đất."}
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}


def files(*items) -> list:
    """Return multipart file tuples from (bytes, name) pairs."""
    return [(io.BytesIO(data), name) for data, name in items]


@pytest.fixture
def app(delivering_app):  # noqa: F811
    return delivering_app


@pytest.fixture
def send(client):
    """POST a petition: send(data=form(...), files=[...]) -> response."""

    def post(data=None, attached=None, **kwargs):
        data = dict(data or form())
        if attached:
            data["files"] = attached
        return client.post("/api/v1/petitions", data=data,
                           content_type="multipart/form-data", **kwargs)

    return post
