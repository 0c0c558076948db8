"""Photos kept as evidence (image columns): stored once by content hash in the attachments table."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from desktop_app.domain.pack import FieldType, FormPack
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


def photos_of(store: Store, pack: FormPack, values: Mapping[str, Mapping[str, Any]]) -> dict[str, bytes]:
    """The photos that a submission's values refer to (image cells of its tables), by content hash."""
    digests: set[str] = set()
    for category_key, fields in values.items():
        category = pack.category(category_key)
        for field_key, value in fields.items():
            target = category.field(field_key)
            if target.type is FieldType.TABLE:
                images = [c.key for c in target.columns if c.type is FieldType.IMAGE]
                digests.update(row[c] for row in value or [] for c in images if row.get(c))
    return fetch(store, digests) if digests else {}
