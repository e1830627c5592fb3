"""The reception side (validarComprobante): checks in the SRI's order, then RECIBIDA."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from services.sri_simulator import accesskey
from services.sri_simulator.authorization import Authorizer
from services.sri_simulator.checks import authorization_error
from services.sri_simulator.document import MAX_BYTES, Document, NotWellFormed, parse_document
from services.sri_simulator.faults import NETWORK_KINDS, Fault, FaultSpec, parse_spec
from services.sri_simulator.messages import Message, message
from services.sri_simulator.state import AUTHORIZED, KeyRecord, Store, Submission
from services.sri_simulator.xsd import SchemaRegistry

log = logging.getLogger(__name__)
RECEIVED = "RECIBIDA"
RETURNED = "DEVUELTA"
SIMULATED = "Falla simulada (SIM)"


@dataclass
class ReceptionResult:
    estado: str
    key: str = ""
    mensajes: list[Message] = field(default_factory=list)
    fault: Fault | None = None  # a network-level fault the HTTP layer must play


def returned(key: str, error: Message) -> ReceptionResult:
    return ReceptionResult(RETURNED, key, [error])


class Receiver:
    def __init__(self, store: Store, schemas: SchemaRegistry, authorizer: Authorizer):
        self.store, self.schemas, self.authorizer = store, schemas, authorizer

    def receive(self, data: bytes | None) -> ReceptionResult:
        self.store.totals["receptions"] += 1
        result = self._receive(data)
        self.store.totals[result.fault.kind if result.fault else result.estado.lower()] += 1
        log.info("reception", extra={"fields": {
            "clave": result.key, "estado": result.estado, "fault": result.fault and result.fault.kind,
            "mensajes": [m.identificador for m in result.mensajes]}})
        return result

    def _receive(self, data: bytes | None) -> ReceptionResult:
        if not data:
            return returned("", message(49))
        if len(data) > MAX_BYTES:
            return returned("", message(26, f"{len(data)} bytes; maximo {MAX_BYTES}"))
        try:
            doc = parse_document(data)
        except NotWellFormed as exc:
            return returned("", message(35, str(exc)))
        record = self.store.record(doc.key) if accesskey.is_well_formed(doc.key) else None
        if record is not None:
            record.receptions += 1
        try:
            spec = parse_spec(doc.sim_marker) + self.store.faults
        except ValueError as exc:
            return returned(doc.key, message(35, f"campoAdicional SIM: {exc}"))
        fault = spec.reception_fault(record.receptions if record else 1) or self.store.draw(
            spec, "reception", doc.key)
        if fault and fault.kind in NETWORK_KINDS:
            return ReceptionResult("", doc.key, fault=fault)
        if fault and fault.kind == "devuelta":
            return returned(doc.key, message(fault.arg, SIMULATED))
        result = self._validate(doc, data, record, spec)
        if fault and fault.kind == "processing":  # kept, but answered as if an earlier copy were in process
            return returned(doc.key, message(70, SIMULATED)) if result.estado == RECEIVED else result
        result.fault = fault  # None or "lost": the document is kept, the answer is not sent
        return result

    def _validate(self, doc: Document, data: bytes, record: KeyRecord | None,
                  spec: FaultSpec) -> ReceptionResult:
        if error := self.schemas.validate(doc.root):
            return returned(doc.key, error)
        if record is None:
            return returned(doc.key, message(35, "claveAcceso debe tener 49 digitos"))
        if error := self._duplicate(doc, record):
            return returned(doc.key, error)
        submission = Submission(doc.key, len(record.submissions) + 1, doc.text, doc.tributaria("ambiente"),
                                time.monotonic(), spec, authorization_error(doc, data))
        self.store.accept(record, submission, doc.sequence_id)
        return ReceptionResult(RECEIVED, doc.key)

    def _duplicate(self, doc: Document, record: KeyRecord) -> Message | None:
        """43 (already authorized), 70 (still processing) or 45 (secuencial used by another key)."""
        latest = self.authorizer.settle(record.latest)
        if latest is not None and latest.decision is None:
            return message(70, f"la clave {record.key} esta en procesamiento")
        if record.count(AUTHORIZED):
            return message(43, f"la clave {record.key} ya fue autorizada")
        for other in self.store.same_sequence(doc.sequence_id, record.key):
            sub = self.authorizer.settle(other.latest)
            if sub is not None and (sub.decision is None or other.count(AUTHORIZED)):
                ruc, cod, estab, pto, sec = doc.sequence_id
                return message(45, f"secuencial {estab}-{pto}-{sec} ya registrado con la clave {other.key}")
        return None
