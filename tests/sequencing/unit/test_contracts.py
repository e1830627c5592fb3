"""shared/contracts/sequencing: the vocabulary and request bodies sequencing validates with."""
import pytest

from shared.contracts import sequencing as contract
from shared.contracts.rpc import Unprocessable
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("code,ok", [("001", True), ("999", True), ("000", False), ("01", False),
                                     ("0001", False), ("a01", False), ("", False)])
def test_codes_have_three_digits_from_001(code, ok):
    assert contract.is_valid_code(code) is ok


def test_document_types_default_to_all_and_accept_the_sales_note_alias():
    assert contract.normalize_types(None) == list(contract.DOCUMENT_TYPES)
    assert contract.normalize_types([]) == list(contract.DOCUMENT_TYPES)
    assert contract.normalize_types(["quotation", "sales_note", "invoice", "invoice"]) == \
        ["invoice", "sales_order", "quotation"]
    assert contract.normalize_type("sales_note") == "sales_order"
    assert contract.normalize_type("receipt") is None
    with pytest.raises(ValueError, match="receipt"):
        contract.normalize_types(["invoice", "receipt"])


def test_request_bodies_normalize_types_and_numbers():
    est = validate_body(contract.EstablishmentIn, {"code": "001", "name": " Matriz "})
    assert (est.name, est.document_types) == ("Matriz", list(contract.DOCUMENT_TYPES))
    point = validate_body(contract.PointOfSaleIn, {"establishment_id": 1, "code": "002",
                                                   "document_types": ["sales_note"], "next_numbers": {"sales_note": 7}})
    assert (point.document_types, point.next_numbers) == (["sales_order"], {"sales_order": 7})
    assert validate_body(contract.PointOfSaleChanges, {}).document_types is None
    assert validate_body(contract.SeriesQuery, {}).type == "invoice"


@pytest.mark.parametrize("model,body,field", [
    (contract.EstablishmentIn, {"code": "000", "name": "X"}, "code"),
    (contract.PointOfSaleIn, {"establishment_id": 1, "code": "002", "next_numbers": {"invoice": 0}}, "next_numbers"),
    (contract.PointOfSaleIn, {"establishment_id": 1, "code": "002", "next_numbers": {"receipt": 1}}, "next_numbers"),
    (contract.PointOfSaleChanges, {"document_types": ["receipt"]}, "document_types"),
    (contract.SeriesQuery, {"type": "receipt"}, "type"),
])
def test_request_bodies_refuse_with_the_field_path(model, body, field):
    with pytest.raises(Unprocessable) as exc:
        validate_body(model, body)
    assert list(exc.value.errors) == [field]
