"""Webhook endpoints and deliveries as the API shows them (the secret never appears here)."""
from __future__ import annotations

import json
from typing import Any, Sequence

from shared.rpc.formatting import timestamp


def endpoint(row) -> dict[str, Any]:
    return {"id": row["id"], "url": row["url"], "events": list(row["events"]), "description": row["description"],
            "enabled": row["enabled"], "disabled_reason": row["disabled_reason"],
            "disabled_at": timestamp(row["disabled_at"]), "failure_count": row["failure_count"],
            "created_at": timestamp(row["created_at"])}


def attempt(row) -> dict[str, Any]:
    return {"at": timestamp(row["at"]), "status_code": row["status_code"], "duration_ms": row["duration_ms"],
            "error": row["error"], "response_excerpt": row["response_excerpt"]}


def delivery(row, attempts: Sequence) -> dict[str, Any]:
    """`id` is the `webhook-id` header the receiver got (the same on every attempt)."""
    return {"id": row["id"], "endpoint_id": row["endpoint_id"], "event": row["event_type"], "status": row["status"],
            "attempts": [attempt(a) for a in attempts], "next_attempt_at": timestamp(row["next_attempt_at"]),
            "created_at": timestamp(row["created_at"]), "payload": json.loads(row["body"])}
