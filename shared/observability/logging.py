"""JSON logs, one object per line, with the service name and the current ids."""
from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone

import orjson
from aiohttp.http_exceptions import HttpProcessingError

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


class MalformedRequests(logging.Filter):
    """A request aiohttp cannot even parse (a NUL or a newline in a header, a broken request line) is
    the client's fault, answered 400: logged as a warning with the reason, not as an error with a
    traceback that would page nobody and hide the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError) and getattr(exc, "code", 500) < 500:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg, record.args = "malformed HTTP request refused (%s): %s", (exc.code, exc.message)
            record.exc_info = record.exc_text = None
        return True


def setup_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter(service))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("aiormq", "aio_pika", "asyncio", "zeep", "httpx", "fontTools", "weasyprint"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    server = logging.getLogger("aiohttp.server")
    if not any(isinstance(f, MalformedRequests) for f in server.filters):
        server.addFilter(MalformedRequests())
