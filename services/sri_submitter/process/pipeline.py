"""Drives one leased submission as far as it can go now (see domain/submission.py for the rules).

pending -> sign (the signed XML is stored before anything is sent) -> signed ->
[query first, if the SRI may already have it] -> send -> received -> poll ... -> final.
Each exchange is recorded by the Recorder; a step that has to wait gives the lease
back with the next attempt time, and the worker picks the submission up again then.
A wait of 0 (SRI_POLL_DELAYS starting with 0) is no wait: the same task keeps the lease and
asks for the authorization right after the RECIBIDA, which is then recorded with that answer
(one write for both: if the process dies in between, the document is sent again under its
key and the SRI's 43/70 answer leads to the same authorization query).
"""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone

import asyncpg

from services.sri_submitter.db import submissions as db
from services.sri_submitter.domain import submission as domain
from services.sri_submitter.domain.answers import Authorization
from services.sri_submitter.domain.messages import local
from services.sri_submitter.process.preparation import PreparationError, Preparer
from services.sri_submitter.process.recorder import Change, Exchange, LeaseLost, Recorder, dumped
from services.sri_submitter.settings import Settings
from services.sri_submitter.soap.client import SriClient, SriUnavailable
from services.sri_submitter.xml.authorization import authorization_document
from shared.sri.catalogues import ENVIRONMENT_NAMES, ENVIRONMENTS
from shared.sri.timezone import now_ec, to_ec
from shared.storage import LocalFileStore

log = logging.getLogger(__name__)
ENVIRONMENT_HINT = ("Revise que SRI_TEST_* apunte a celcer.sri.gob.ec y SRI_PRODUCTION_* a cel.sri.gob.ec, y el "
                    "ambiente de la empresa (sri_environment); luego reintente el envío.")
GIVE_UP_HINT = "Consulte el comprobante en el portal del SRI y reintente el envío (POST /documents/{id}/sri/retry)."


def elapsed_ms(started: float) -> int:
    return int((time.perf_counter() - started) * 1000)


class Pipeline:
    def __init__(self, pool: asyncpg.Pool, sri: SriClient, preparer: Preparer, settings: Settings, relay=None):
        self.pool, self.sri, self.preparer, self.settings = pool, sri, preparer, settings
        self.recorder = Recorder(pool, relay)
        self.files = LocalFileStore(settings.file_store_dir)
        self._held: dict[int, tuple[Exchange, Change]] = {}  # submission id -> exchange recorded with the next

    async def _record(self, row, exchange: Exchange, change: Change):
        return await self.recorder.record(row, exchange, change, before=self._held.pop(row["id"], None))

    async def process(self, row) -> None:
        """Never raises: an unexpected failure gives the submission back for a later try."""
        try:
            await self._advance(row)
        except LeaseLost:
            log.warning("lease lost, submission left to its new owner", extra={"fields": {"key": row["access_key"]}})
        except Exception:
            log.exception("submission step failed", extra={"fields": {"key": row["access_key"]}})
            async with self.pool.acquire() as conn:
                await db.release(conn, row["id"], row["lease_token"],
                                 domain.after_failure(self.settings.sri_poll_delays, row["tries"]))
        finally:
            self._held.pop(row["id"], None)

    async def _advance(self, row) -> None:
        if row["stage"] != "pending" and datetime.now(timezone.utc) > domain.deadline(
                row["cycle_started_at"], self.settings.sri_max_wait_hours):
            await self._give_up(row)
            return
        if row["stage"] == "pending":
            row = await self._prepare(row)
        if row["stage"] == "signed" and row["ever_sent"]:
            row = await self._query_first(row)
        if row["stage"] == "signed" and row["lease_token"] is not None:
            row = await self._send(row)
        if row["stage"] == "received" and row["lease_token"] is not None:
            await self._poll(row)

    async def _prepare(self, row):
        started = time.perf_counter()
        try:
            signed = await self.preparer.signed_xml(self.pool, row)
        except PreparationError as exc:
            exchange = Exchange("sign", "ERROR", "error", "error", exc.detail, exc.messages)
            return await self._record(row, exchange, Change(
                {"stage": "error", "messages": dumped(exc.messages), "tries": 0}, delay=0, final="error"))
        exchange = Exchange("sign", "FIRMADO", "signed", "sending", "Comprobante generado, validado y firmado.",
                            request={"access_key": row["access_key"], "bytes": len(signed),
                                     "algorithm": self.settings.signature_algorithm}, duration_ms=elapsed_ms(started))
        return await self._record(row, exchange, Change({"stage": "signed", "signed_xml": signed.decode(),
                                                         "tries": 0}))

    async def _send(self, row):
        started, data = time.perf_counter(), row["signed_xml"].encode()
        request = {"access_key": row["access_key"], "bytes": len(data)}
        try:
            reception = await self.sri.send(data, row["environment"])
        except SriUnavailable as exc:
            return await self._wait(row, "reception", exc, "sending", request, started)
        stage, took = domain.reception_stage(reception), elapsed_ms(started)
        values = {"stage": stage, "ever_sent": True, "tries": 0, "messages": dumped(reception.messages)}
        if stage == "received":
            detail = ("Recibido por el SRI." if reception.estado == domain.RECEIVED
                      else "La clave ya está en el SRI; se consulta la autorización sin reenviar.")
            exchange = Exchange("reception", reception.estado, "received", "received", detail, reception.messages,
                                request, took)
            change = Change(values, delay=domain.backoff(self.settings.sri_poll_delays, 0))
            if not change.delay:  # no wait: keep the lease and poll now (_advance); recorded with its answer
                self._held[row["id"]] = (exchange, change)
                return {**dict(row), **values}
        else:
            # the document stays "sending" on this timeline event: DocumentRejected, published right
            # after it, makes it "rejected" (an "error" here showed up in between: a wrong final state)
            exchange = Exchange("reception", reception.estado, "returned", "sending",
                                "El SRI devolvió el comprobante.", reception.messages, request, took)
            change = Change(values, delay=0, final="returned")
        return await self._record(row, exchange, change)

    async def _query(self, row, sri_status: str):
        """(entries, decision, started); entries None when there was no answer (the wait is recorded)."""
        started = time.perf_counter()
        try:
            entries = await self.sri.query(row["access_key"], row["environment"])
        except SriUnavailable as exc:
            await self._wait(row, "authorization", exc, sri_status, {"access_key": row["access_key"]}, started)
            return None, None, started
        return entries, domain.decision(entries, row["cycle"], row["cycle_started_at"]), started

    async def _query_first(self, row):
        """The SRI may have the document already (an answer was lost): ask before resending."""
        entries, found, started = await self._query(row, "sending")
        if entries is None:
            return {**dict(row), "lease_token": None}
        if found is not None:
            return await self._decided(row, found, "sending", started)
        exchange = Exchange("authorization", domain.IN_PROCESS, "polled", "sending",
                            "El SRI no tiene una decisión para la clave; se envía el comprobante.",
                            request={"access_key": row["access_key"]}, duration_ms=elapsed_ms(started))
        return await self._record(row, exchange, Change())

    async def _poll(self, row):
        entries, found, started = await self._query(row, "received")
        if entries is None:
            return
        if found is not None:
            return await self._decided(row, found, "received", started)
        if bad := domain.malformed(entries):
            exchange = Exchange("authorization", bad.estado, "error", "error", "El SRI rechazó la consulta.",
                                bad.messages, {"access_key": row["access_key"]}, elapsed_ms(started))
            return await self._record(row, exchange, Change(
                {"stage": "error", "messages": dumped(bad.messages)}, delay=0, final="error"))
        delay = domain.backoff(self.settings.sri_poll_delays, row["tries"] + 1)
        exchange = Exchange("authorization", domain.IN_PROCESS, "polled", "received",
                            f"El SRI aún procesa el comprobante; nueva consulta en {delay:g} s.",
                            request={"access_key": row["access_key"]}, duration_ms=elapsed_ms(started))
        await self._record(row, exchange, Change({"tries": row["tries"] + 1}, delay=delay))

    async def _decided(self, row, found: Authorization, sri_status: str, started: float):
        request = {"access_key": row["access_key"]}
        if found.estado != domain.AUTHORIZED:
            exchange = Exchange("authorization", found.estado, "polled", sri_status, "El SRI no autorizó el "
                                "comprobante.", found.messages, request, elapsed_ms(started))
            return await self._record(row, exchange, Change(
                {"stage": "not_authorized", "messages": dumped(found.messages), "tries": 0}, delay=0,
                final="not_authorized", progress=False))  # DocumentRejected is the timeline's entry
        if mismatch := domain.environment_mismatch(found, row["environment"]):
            return await self._wrong_environment(row, found, mismatch, started)
        path = domain.xml_path(row["company_id"], row["issue_date"], row["access_key"])
        at = to_ec(found.authorized_at if isinstance(found.authorized_at, datetime) else now_ec())
        number = found.number or row["access_key"]
        # the SRI's `autorizacion` (what buyers import), wrapping the comprobante exactly as signed
        xml = authorization_document(found.xml or row["signed_xml"], number, at,
                                     ENVIRONMENT_NAMES[ENVIRONMENTS[row["environment"]]], found.messages)
        await self.files.put(path, xml)
        values = {"stage": "authorized", "authorized_xml": xml.decode(), "xml_path": path, "tries": 0,
                  "authorization_number": number, "authorized_at": at,
                  "messages": dumped(found.messages)}
        exchange = Exchange("authorization", found.estado, "polled", sri_status, "Comprobante autorizado por el SRI.",
                            found.messages, request, elapsed_ms(started))
        return await self._record(row, exchange, Change(values, delay=0, final="authorized",
                                                        progress=False))  # DocumentAuthorized says it

    async def _wrong_environment(self, row, found: Authorization, mismatch: str, started: float):
        """An AUTORIZADO from the other environment: an error, never recorded as authorized."""
        message = local("SRI_ENVIRONMENT_MISMATCH", mismatch, ENVIRONMENT_HINT)
        exchange = Exchange("authorization", found.estado, "error", "error", mismatch, [message],
                            {"access_key": row["access_key"]}, elapsed_ms(started))
        return await self._record(row, exchange, Change(
            {"stage": "error", "messages": dumped([message])}, delay=0, final="error"))

    async def _wait(self, row, operation: str, exc: SriUnavailable, sri_status: str, request: dict, started: float):
        delay = domain.backoff(self.settings.sri_poll_delays, row["tries"])
        values = {"tries": row["tries"] + 1}
        if operation == "reception" and exc.maybe_received:
            values["ever_sent"] = True
        exchange = Exchange(operation, "ERROR", "retry_scheduled", sri_status,
                            f"{exc.reason} Nuevo intento en {delay:g} s.", request=request,
                            duration_ms=elapsed_ms(started))
        return await self._record(row, exchange, Change(values, delay=delay))

    async def _give_up(self, row):
        hours = self.settings.sri_max_wait_hours
        message = local("SRI_NO_ANSWER", f"El SRI no autorizó el comprobante en {hours:g} horas.", GIVE_UP_HINT)
        operation = "authorization" if row["stage"] == "received" else "reception"
        exchange = Exchange(operation, "ERROR", "error", "error", message.mensaje, [message])
        return await self._record(row, exchange, Change(
            {"stage": "error", "messages": dumped([message])}, delay=0, final="error"))
