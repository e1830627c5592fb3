import pytest

from services.documents.domain import customers as domain
from shared.sri import identification

pytestmark = pytest.mark.unit

VALID_CEDULAS = ["1710034065", "0923456784", "0102030400", "1752634897", "3050000003"]
VALID_RUCS = [
    "1792146739001",  # private company (third digit 9, modulo 11)
    "1760001550001",  # public entity (third digit 6, modulo 11 on 8 digits, then 0001)
    "1710034065001",  # natural person: a cédula + 001
]


@pytest.mark.parametrize("cedula", VALID_CEDULAS)
def test_valid_cedulas(cedula):
    assert domain.identification_errors("cedula", cedula) == []


@pytest.mark.parametrize("cedula,reason", [
    ("1710034066", "dígito verificador"),
    ("171003406", "10 dígitos"),
    ("17100340655", "10 dígitos"),
    ("17100340a5", "10 dígitos"),
    ("2510034065", "provincia"),
    ("0010034065", "provincia"),
    ("1760034065", "tercer dígito"),
    ("0999999999", "tercer dígito"),  # the published example's identification is not a real cédula
])
def test_invalid_cedulas(cedula, reason):
    errors = domain.identification_errors("cedula", cedula)
    assert len(errors) == 1 and reason in errors[0]


def test_cedula_check_digit_modulo_10():
    assert identification.cedula_check_digit("171003406") == 5
    assert identification.cedula_check_digit("010203040") == 0


@pytest.mark.parametrize("ruc", VALID_RUCS)
def test_valid_rucs(ruc):
    assert domain.identification_errors("ruc", ruc) == []


@pytest.mark.parametrize("ruc,reason", [
    ("1792146738001", "dígito verificador"),  # private, wrong check digit
    ("1760001560001", "dígito verificador"),  # public, wrong check digit
    ("1760001551001", "dígito verificador"),  # public must end 0001 after its check digit
    ("1710034066001", "cédula"),  # natural person with a bad cédula
    ("1792146739002", "001"),
    ("179214673900", "13 dígitos"),
    ("2592146739001", "provincia"),
    ("1772146739001", "tercer dígito"),
    ("1782146739001", "tercer dígito"),
])
def test_invalid_rucs(ruc, reason):
    errors = domain.identification_errors("ruc", ruc)
    assert len(errors) == 1 and reason in errors[0]


def test_modulo_11_without_a_possible_digit_is_invalid():
    # remainder 1 gives 10, which no digit can hold
    assert identification.modulo11_check_digit("000000001", (0, 0, 0, 0, 0, 0, 0, 0, 1)) is None


def test_final_consumer_passport_and_foreign():
    assert domain.identification_errors("consumidor_final", "9999999999999") == []
    assert domain.identification_errors("consumidor_final", "9999999999") != []
    assert domain.identification_errors("pasaporte", "AB123456") == []
    assert domain.identification_errors("pasaporte", "A") != []
    assert domain.identification_errors("exterior", "X" * 21) != []


def test_final_consumer_defaults():
    filled = domain.with_defaults({"identification_type": "consumidor_final", "identification": None, "name": None})
    assert filled["identification"] == "9999999999999" and filled["name"] == "CONSUMIDOR FINAL"
    assert domain.customer_errors(filled) == {}
    other = {"identification_type": "cedula", "identification": None, "name": None}
    assert domain.with_defaults(other) == other
    assert set(domain.customer_errors(other)) == {"identification", "name"}
    assert domain.customer_errors({"identification_type": None}) == {
        "identification_type": ["El campo identification_type es obligatorio."]}


def test_customer_codes():
    assert domain.customer_code(2) == "CLI-0002"
    assert domain.customer_code(12345) == "CLI-12345"
