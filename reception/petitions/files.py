"""The files sent with a petition: type told by content (magic bytes), stored on disk.

PDF, JPEG and PNG only, recognised by their first bytes, whatever name or type the sender
claims. Files live under <folder>/<petition code>/ (RECEPTION_PETITION_FOLDER, by default
<instance>/petitions), outside the database and outside static/,
and are served only through the staff pages that check who may read them.
"""

import hashlib
import os
import secrets
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from reception.errors import Invalid, TooLarge, UnsupportedType

MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)
MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024


@dataclass
class Upload:
    """One received file, checked and read into memory."""

    original_name: str
    data: bytes
    media_type: str
    extension: str


def media_type_of(data: bytes) -> tuple[str, str] | None:
    """Return (media type, extension) told by a file's first bytes, or None if not allowed."""
    for magic, media_type, extension in MAGIC:
        if data.startswith(magic):
            return media_type, extension
    return None


def read_uploads(uploads: list) -> list[Upload]:
    """Check and read the (name, stream) pairs sent with a petition.

    :raises ReceptionError: too_many_files, empty_file (Invalid), file_too_large (TooLarge),
        unsupported_file_type (UnsupportedType).
    """
    uploads = [(name, stream) for name, stream in uploads if name or stream is not None]
    if len(uploads) > MAX_FILES:
        raise Invalid("too_many_files", maximum=MAX_FILES, fields=["files"])
    checked = []
    for position, (name, stream) in enumerate(uploads):
        data = stream.read(MAX_FILE_BYTES + 1)
        label = _clean_name(name) or f"tệp {position + 1}"
        if not data:
            raise Invalid("empty_file", name=label, fields=[f"files.{position}"])
        if len(data) > MAX_FILE_BYTES:
            raise TooLarge("file_too_large", name=label, limit="10 MB",
                           fields=[f"files.{position}"])
        kind = media_type_of(data)
        if kind is None:
            raise UnsupportedType("unsupported_file_type", name=label,
                                  fields=[f"files.{position}"])
        checked.append(Upload(label, data, *kind))
    return checked


def _clean_name(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    return base[:200]


def store(root: Path, code: str, uploads: list[Upload]) -> list[dict]:
    """Write a petition's files under root; return their rows' values (position, names, hash)."""
    folder = root / code
    folder.mkdir(parents=True, exist_ok=True)
    stored = []
    for position, upload in enumerate(uploads):
        stored_name = f"{position + 1}-{secrets.token_hex(8)}.{upload.extension}"
        (folder / stored_name).write_bytes(upload.data)
        stored.append({"position": position, "original_name": upload.original_name,
                       "stored_name": stored_name, "media_type": upload.media_type,
                       "size": len(upload.data),
                       "sha256": hashlib.sha256(upload.data).hexdigest()})
    return stored


def discard(root: Path, code: str) -> None:
    """Remove a petition's folder under root (its database rows were rolled back)."""
    shutil.rmtree(root / code, ignore_errors=True)


def path_of(root: Path, code: str, stored_name: str) -> Path:
    """Return where a stored file is on disk, under the petition folder root."""
    return root / code / stored_name
