"""Write services/gateway/request_schemas.json: the JSON Schemas of the request bodies
that the API reference (/openapi.json, /docs) shows, taken from the services' pydantic models.

The gateway may not import other services, so it reads this snapshot; run this script
after changing a request model or api_catalog.BODY_MODELS (a unit test says when).

    .venv/bin/python scripts/openapi_schemas.py          # rewrite the snapshot
    .venv/bin/python scripts/openapi_schemas.py --check  # exit 1 when it is stale
"""
from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.gateway import api_catalog, openapi  # noqa: E402


def load(dotted: str) -> type:
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def render() -> str:
    """The snapshot file's text for the current models."""
    models = {dotted: load(dotted) for dotted in set(api_catalog.BODY_MODELS.values())}
    return json.dumps(openapi.schema_snapshot(models), indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    current = openapi.SNAPSHOT.read_text(encoding="utf-8") if openapi.SNAPSHOT.exists() else ""
    if "--check" in argv:
        if current != text:
            print(f"{openapi.SNAPSHOT} is stale: run python scripts/openapi_schemas.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        openapi.SNAPSHOT.write_text(text, encoding="utf-8")
        print(f"wrote {openapi.SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
