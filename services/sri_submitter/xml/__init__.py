"""SRI XML documents from the `sri.submit_document` snapshot, and their XSD validation."""
from __future__ import annotations

from lxml import etree

from services.sri_submitter.xml.codes import UnknownTaxError
from services.sri_submitter.xml.common import XmlBuildError
from services.sri_submitter.xml.documents import build_credit_note, build_debit_note, build_invoice
from services.sri_submitter.xml.validator import XmlValidationError, XsdUnavailableError, XsdValidator
from shared.contracts.sri import SubmitDocument

_BUILDERS = {"invoice": build_invoice, "credit_note": build_credit_note, "debit_note": build_debit_note}


def build_document(snapshot: SubmitDocument, access_key: str) -> etree._Element:
    """The unsigned document root (`<factura id="comprobante" ...>` etc.).

    Raises XmlBuildError with a Spanish message (unknown tax rates included).
    """
    try:
        return _BUILDERS[snapshot.document_type](snapshot, access_key)
    except UnknownTaxError as exc:
        raise XmlBuildError(str(exc)) from None


def to_bytes(root: etree._Element) -> bytes:
    """UTF-8 with declaration, never pretty-printed (a signed document must stay byte-exact)."""
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True)


def build_validated(snapshot: SubmitDocument, access_key: str, validator: XsdValidator) -> etree._Element:
    """Build and validate before signing; raises XmlBuildError or XmlValidationError."""
    root = build_document(snapshot, access_key)
    validator.validate(root)
    return root


__all__ = ["XmlBuildError", "XmlValidationError", "XsdUnavailableError", "XsdValidator",
           "build_document", "build_validated", "to_bytes"]
