"""shared.sri: the SRI's catalogues, cédula/RUC check digits, Ecuador time, packaged WSDLs."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from lxml import etree

from shared.sri import catalogues as cat
from shared.sri import identification as ident
from shared.sri.timezone import ECUADOR, now_ec, to_ec, today_ec
from shared.sri.wsdl import AUTHORIZATION_WSDL, RECEPTION_WSDL

pytestmark = pytest.mark.unit

WSDL = "{http://schemas.xmlsoap.org/wsdl/}"


@pytest.mark.parametrize("rate, code", [
    ("0", "0"), ("12", "2"), ("14", "3"), ("15", "4"), ("5", "5"), ("8", "8"), ("13", "10"),
    ("15.00", "4"), ("15.0", "4"), ("0.00", "0"), ("12.000000", "2"), ("5.00", "5"),
])
def test_iva_code_of_every_rate_compares_by_value(rate, code):
    assert cat.iva_code(D(rate)) == code
    assert cat.IVA_RATE_CODES[D(rate)] == code


def test_unknown_rates_are_none_int_and_str_accepted_float_refused():
    assert [cat.iva_code(D(r)) for r in ("15.01", "10", "16", "-15", "1.5", "150")] == [None] * 6
    assert cat.iva_code(15) == "4" and cat.iva_code("15.00") == "4"
    with pytest.raises(TypeError):
        cat.iva_code(15.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate, exemption, code", [
    ("0", "no_objeto", "6"), ("0", "exento", "7"), ("0.00", "exento", "7"),
    ("15", "exento", None), ("12", "no_objeto", None), ("0", "other", None),
])
def test_iva_exemptions_only_at_zero(rate, exemption, code):
    assert cat.iva_code(D(rate), exemption) == code


def test_iva_tables_are_the_ft_ones():
    assert cat.IVA_RATE_CODES == {D(0): "0", D(12): "2", D(14): "3", D(15): "4", D(5): "5", D(8): "8", D(13): "10"}
    assert cat.IVA_EXEMPTION_CODES == {"no_objeto": "6", "exento": "7"}
    assert all(isinstance(k, D) for k in cat.IVA_RATE_CODES)
    assert cat.GENERAL_IVA_RATE == D(15) and cat.iva_code(cat.GENERAL_IVA_RATE) == "4"
    assert ", ".join(str(r) for r in sorted(cat.IVA_RATE_CODES)) == "0, 5, 8, 12, 13, 14, 15"  # services' messages
    assert (cat.IVA, cat.ICE, cat.IRBPNR) == ("2", "3", "5")


def test_identification_document_payment_and_environment_codes():
    assert cat.IDENTIFICATION_TYPES == {"ruc": "04", "cedula": "05", "pasaporte": "06", "consumidor_final": "07",
                                        "exterior": "08"}
    assert (cat.FINAL_CONSUMER_ID, cat.FINAL_CONSUMER_NAME) == ("9" * 13, "CONSUMIDOR FINAL")
    assert cat.FINAL_CONSUMER_LIMIT == D(50)
    assert cat.DOC_CODES == {"invoice": "01", "credit_note": "04", "debit_note": "05"}
    assert set(cat.DOCUMENT_TYPES) == {"01", "03", "04", "05", "06", "07"}
    assert set(cat.DOC_CODES.values()) <= set(cat.DOCUMENT_TYPES)
    assert list(cat.PAYMENT_FORMS) == ["01", "15", "16", "17", "18", "19", "20", "21"]
    assert cat.PAYMENT_FORMS["01"] == "Sin utilización del sistema financiero"
    assert cat.PAYMENT_FORMS["20"] == "Otros con utilización del sistema financiero"
    assert cat.ENVIRONMENTS == {"test": "1", "production": "2"} and cat.EMISSION_TYPE == "1"
    assert cat.ENVIRONMENT_NAMES == {"1": "PRUEBAS", "2": "PRODUCCIÓN"}


VALID_CEDULAS = ["1710034065", "0923456784", "0102030400", "1752634897", "3050000003", "2400000002"]


@pytest.mark.parametrize("cedula", VALID_CEDULAS)
def test_valid_cedulas(cedula):
    assert ident.is_valid_cedula(cedula)
    assert ident.cedula_problem(cedula) is None and ident.cedula_errors(cedula) == []


@pytest.mark.parametrize("cedula, problem, text", [
    ("1710034066", "check_digit", "dígito verificador"),
    ("171003406", "length", "10 dígitos"),
    ("17100340655", "length", "10 dígitos"),
    ("17100340a5", "length", "10 dígitos"),
    ("１７１００３４０６５", "length", "10 dígitos"),  # full-width digits are not ASCII digits
    ("2510034065", "province", "provincia"),
    ("0010034065", "province", "provincia"),
    ("2910034065", "province", "provincia"),
    ("1760034065", "third_digit", "tercer dígito"),
    ("0999999999", "third_digit", "tercer dígito"),
])
def test_invalid_cedulas(cedula, problem, text):
    assert not ident.is_valid_cedula(cedula)
    assert ident.cedula_problem(cedula) == problem
    errors = ident.cedula_errors(cedula)
    assert len(errors) == 1 and text in errors[0]


def test_cedula_modulo_10():
    assert ident.cedula_check_digit("171003406") == 5  # 2+7+2+0+0+3+8+0+(12-9) = 25 -> 10-5
    assert ident.cedula_check_digit("010203040") == 0
    assert ident.cedula_check_digit("000000000") == 0


VALID_RUCS = [
    ("1792146739001", "sociedad_privada"),  # third digit 9, módulo 11 over 9 digits
    ("0999999999001", "sociedad_privada"),
    ("1760001550001", "publica"),            # third digit 6, módulo 11 over 8 digits, then 0001
    ("1710034065001", "natural"),            # a cédula + 001 (módulo 10)
    ("3050000003001", "natural"),            # province 30
]


@pytest.mark.parametrize("ruc, kind", VALID_RUCS)
def test_valid_rucs_and_their_kind(ruc, kind):
    assert ident.is_valid_ruc(ruc) and ident.ruc_errors(ruc) == [] and ident.ruc_problem(ruc) is None
    assert ident.taxpayer_kind(ruc) == kind
    assert ident.is_sociedad(ruc) is (kind != "natural")


@pytest.mark.parametrize("ruc, problem, message", [
    ("179214673900", "length", "El RUC debe tener 13 dígitos."),
    ("17921467390a1", "length", "El RUC debe tener 13 dígitos."),
    ("１７９２１４６７３９００１", "length", "El RUC debe tener 13 dígitos."),
    ("1792146739002", "suffix", "El RUC debe terminar en 001."),
    ("1792146739000", "suffix", "El RUC debe terminar en 001."),
    ("2592146739001", "province", "El código de provincia del RUC no es válido."),
    ("0092146739001", "province", "El código de provincia del RUC no es válido."),
    ("1772146739001", "third_digit", "El tercer dígito del RUC no es válido."),
    ("1782146739001", "third_digit", "El tercer dígito del RUC no es válido."),
    ("1792146738001", "check_digit", "El dígito verificador del RUC no es válido."),   # private
    ("1760001560001", "check_digit", "El dígito verificador del RUC no es válido."),   # public
    ("1760001551001", "check_digit", "El dígito verificador del RUC no es válido."),   # public: 0001 after
    ("1710034066001", "natural_check_digit", "El dígito verificador del RUC no es válido."),
    ("1710034064001", "natural_check_digit", "El dígito verificador del RUC no es válido."),
])
def test_invalid_rucs_with_the_gateway_texts(ruc, problem, message):
    assert not ident.is_valid_ruc(ruc)
    assert ident.ruc_problem(ruc) == problem
    assert ident.ruc_errors(ruc) == [message]


def test_a_caller_can_word_a_problem_its_own_way():
    own = {**ident.RUC_MESSAGES, "natural_check_digit": "El RUC de persona natural no contiene una cédula válida."}
    assert ident.ruc_errors("1710034066001", own) == [own["natural_check_digit"]]
    assert ident.ruc_errors("1792146738001", own) == ["El dígito verificador del RUC no es válido."]


def test_modulo_11_remainder_rules():
    assert ident.modulo11_check_digit("000000001", (0, 0, 0, 0, 0, 0, 0, 0, 1)) is None  # 11 - 1 = 10: no digit
    assert ident.modulo11_check_digit("000000000", ident.PRIVATE_WEIGHTS) == 0            # remainder 0 -> 0
    assert ident.modulo11_check_digit("179214673", ident.PRIVATE_WEIGHTS) == 9
    assert ident.modulo11_check_digit("17600015", ident.PUBLIC_WEIGHTS) == 5


def test_a_private_ruc_whose_remainder_is_1_has_no_valid_check_digit():
    body = next(f"179{n:06d}" for n in range(10**6)
                if ident.modulo11_check_digit(f"179{n:06d}", ident.PRIVATE_WEIGHTS) is None)
    assert not any(ident.is_valid_ruc(f"{body}{d}001") for d in "0123456789")


def test_taxpayer_kind_by_third_digit():
    assert [ident.taxpayer_kind(f"17{d}0000000001") for d in "012345"] == ["natural"] * 6
    assert ident.taxpayer_kind("1790000000001") == "sociedad_privada"
    assert ident.taxpayer_kind("1760000000001") == "publica"
    for third in "78":
        with pytest.raises(ValueError):
            ident.taxpayer_kind(f"17{third}0000000001")
        assert not ident.is_sociedad(f"17{third}0000000001")
    assert not ident.is_valid_ruc(None) and not ident.is_valid_cedula(1710034065)  # type: ignore[arg-type]


def test_ecuador_is_utc_minus_5_without_dst():
    for month in (1, 7):
        moment = datetime(2026, month, 1, 12, tzinfo=ECUADOR)
        assert moment.utcoffset() == timedelta(hours=-5) and moment.dst() is None
        assert moment.isoformat() == f"2026-{month:02d}-01T12:00:00-05:00"
    assert ECUADOR.tzname(None) == "ECT"


def test_now_today_and_conversion():
    assert now_ec().utcoffset() == timedelta(hours=-5)
    assert isinstance(today_ec(), date) and not isinstance(today_ec(), datetime)
    assert abs(now_ec() - datetime.now(timezone.utc)) < timedelta(seconds=5)
    late_utc = datetime(2026, 2, 22, 3, 30, tzinfo=timezone.utc)  # still the 21st in Ecuador
    assert to_ec(late_utc).isoformat() == "2026-02-21T22:30:00-05:00" and to_ec(late_utc) == late_utc
    assert to_ec(datetime(2026, 2, 22, 10, 10, 22)).isoformat() == "2026-02-22T10:10:22-05:00"  # naive: wall time


@pytest.mark.parametrize("path, namespace, operation", [
    (RECEPTION_WSDL, "http://ec.gob.sri.ws.recepcion", "validarComprobante"),
    (AUTHORIZATION_WSDL, "http://ec.gob.sri.ws.autorizacion", "autorizacionComprobante"),
])
def test_wsdls_exist_and_parse(path, namespace, operation):
    assert path.is_file() and path.parent.name == "wsdl"
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{WSDL}definitions" and root.get("targetNamespace") == namespace
    assert operation in {op.get("name") for op in root.iter(f"{WSDL}operation")}
    binding = path.stem + "ServiceSoapBinding"  # the names OCA and SRI.md §6 give
    assert binding in {b.get("name") for b in root.iter(f"{WSDL}binding")}
