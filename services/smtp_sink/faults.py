"""The refusal plan of the sink: accept everything, or refuse with one reply (for N messages)."""
from __future__ import annotations

import threading

DEFAULT_REFUSAL = "4.3.0 Servicio no disponible temporalmente"


class FaultPlan:
    """Thread-safe: the test thread sets it, the sink's event-loop thread consumes it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reply: str | None = None
        self._left: int | None = None

    def fail(self, code: int = 451, message: str = DEFAULT_REFUSAL, times: int | None = None) -> None:
        if not 400 <= code <= 599:
            raise ValueError(f"a refusal needs a 4xx or 5xx code, not {code}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None: until accept())")
        with self._lock:
            self._reply, self._left = f"{code} {message}", times

    def accept(self) -> None:
        with self._lock:
            self._reply, self._left = None, None

    def take(self) -> str | None:
        """The reply refusing the current message, or None to accept it."""
        with self._lock:
            reply = self._reply
            if reply is not None and self._left is not None:
                self._left -= 1
                if self._left <= 0:
                    self._reply, self._left = None, None
            return reply
