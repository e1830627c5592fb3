"""Files under FILE_STORE_DIR: written whole (temp file + rename), so a reader never sees half a file."""
from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_text(root: Path, relative: str, text: str) -> Path:
    """Write `text` (UTF-8) at `root/relative`; writing the same file again is harmless."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
    return path
