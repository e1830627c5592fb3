"""What the authorization step rejects a received document for (58, 39, 52), in SRI order."""
from __future__ import annotations

from services.sri_simulator import accesskey
from services.sri_simulator.arithmetic import arithmetic_errors
from services.sri_simulator.document import COD_DOC_BY_ROOT, Document
from services.sri_simulator.messages import Message, message
from services.sri_simulator.signature import signature_error


def key_mismatches(doc: Document) -> list[str]:
    """Where the access key disagrees with itself or with the document's data."""
    key = doc.key
    errors = accesskey.structure_errors(key)
    if not accesskey.is_well_formed(key):
        return errors
    parts = accesskey.split(key)
    pairs = {
        "fecha de emision": (parts.fecha, doc.fecha_emision.replace("/", "")),
        "codDoc": (parts.cod_doc, doc.tributaria("codDoc")),
        "tipo de comprobante": (parts.cod_doc, COD_DOC_BY_ROOT.get(doc.kind, "")),
        "ruc": (parts.ruc, doc.tributaria("ruc")),
        "ambiente": (parts.ambiente, doc.tributaria("ambiente")),
        "serie": (parts.estab + parts.pto_emi, doc.tributaria("estab") + doc.tributaria("ptoEmi")),
        "secuencial": (parts.secuencial, doc.tributaria("secuencial")),
        "tipoEmision": (parts.tipo_emision, doc.tributaria("tipoEmision")),
    }
    return errors + [f"{name}: clave {in_key}, comprobante {in_doc}"
                     for name, (in_key, in_doc) in pairs.items() if in_key != in_doc]


def authorization_error(doc: Document, data: bytes) -> Message | None:
    """The first error the SRI would answer NO AUTORIZADO with, or None."""
    if mismatches := key_mismatches(doc):
        return message(58, "; ".join(mismatches))
    if reason := signature_error(doc.root, data):
        return message(39, reason)
    if diffs := arithmetic_errors(doc.root):
        return message(52, "; ".join(diffs)[:2000])
    return None
