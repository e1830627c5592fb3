"""The FileStore interface and its local-directory implementation.

Writes are whole (temp file + rename): a reader never sees half a file, and writing the
same path again (a redelivered message) is harmless. Blocking file I/O runs in a thread.
"""
from __future__ import annotations

import asyncio
import os
import uuid
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Literal, Protocol


class StoredFileMissing(LookupError):
    """No file at that path."""


class FileStore(Protocol):
    async def put(self, path: str, data: bytes) -> None: ...

    async def get(self, path: str) -> bytes: ...

    async def exists(self, path: str) -> bool: ...

    def local_path(self, path: str) -> Path | None:
        """A path on this machine to stream from (`None` when the store is remote)."""


def checked(path: str) -> PurePosixPath:
    """A relative path without `..`: never outside the store's root."""
    rel = PurePosixPath(path)
    if not path or rel.is_absolute() or ".." in rel.parts or "\\" in path:
        raise ValueError(f"not a storage path: {path!r}")
    return rel


class LocalFileStore:
    """FileStore on a local directory (FILE_STORE_DIR); on Kubernetes a shared volume."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def local_path(self, path: str) -> Path:
        return self.root / checked(path)

    def put_sync(self, path: str, data: bytes) -> Path:
        target = self.local_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
        temp.write_bytes(data)
        os.replace(temp, target)
        return target

    async def put(self, path: str, data: bytes) -> None:
        await asyncio.to_thread(self.put_sync, path, data)

    async def get(self, path: str) -> bytes:
        try:
            return await asyncio.to_thread(self.local_path(path).read_bytes)
        except FileNotFoundError:
            raise StoredFileMissing(path) from None

    async def exists(self, path: str) -> bool:
        return await asyncio.to_thread(self.local_path(path).is_file)


def document_path(company_id: int, kind: Literal["xml", "pdf"], issued: date, file_name: str) -> str:
    """`companies/{c}/documents/sales/{xml|pdf}/{yyyy}/{mm}/{file_name}` (API.md)."""
    return f"companies/{company_id}/documents/sales/{kind}/{issued:%Y}/{issued:%m}/{checked(file_name)}"
