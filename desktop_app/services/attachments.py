"""Photos kept as evidence (image columns): stored once by content hash in the attachments table."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from desktop_app.domain.values import now_iso
from desktop_app.storage.models import Attachment
from desktop_app.storage.store import Store


def record(store: Store, content: bytes) -> str:
    """Store the bytes (once) and return their SHA-256 hex digest, the value of an image cell."""
    digest = hashlib.sha256(content).hexdigest()
    with store.write() as session:
        if session.get(Attachment, digest) is None:
            session.add(Attachment(sha256=digest, data=content, size=len(content), created_at=now_iso()))
    return digest


def fetch(store: Store, digests: set[str]) -> dict[str, bytes]:
    session = store.read()
    try:
        rows = session.execute(select(Attachment.sha256, Attachment.data).where(Attachment.sha256.in_(digests)))
        return {digest: bytes(data) for digest, data in rows}
    finally:
        store.end_read()
