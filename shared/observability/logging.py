"""JSON logs, one object per line, with the service name and the current ids."""
from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone

import orjson

from shared.observability import context

_SECRET_KEYS = ("password", "secret", "token", "api_key", "authorization")


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str):
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid, cid = context.request_id.get(), context.correlation_id.get()
        if rid:
            out["request_id"] = rid
        if cid:
            out["correlation_id"] = cid
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            out.update({k: ("***" if any(s in k.lower() for s in _SECRET_KEYS) else v) for k, v in extra.items()})
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(out, default=str, option=orjson.OPT_NON_STR_KEYS).decode()


def setup_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiormq", "aio_pika", "asyncio", "zeep", "httpx", "fontTools", "weasyprint"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
