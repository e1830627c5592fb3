"""The generic helpers the worker services share (formatting, paging, query values)."""
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from shared.rpc import formatting as fmt
from shared.rpc.params import RequestModel, path_id, query_choice, query_int
from shared.contracts.rpc import Identity, NotFound, RpcRequest, Unprocessable
from shared.rpc.validation import validate_body
from shared.db.paging import Paging, contains_pattern, page_body, parse_paging

pytestmark = pytest.mark.unit


def req(query=None, path=None) -> RpcRequest:
    return RpcRequest(method="x", identity=Identity(company_id=1), query=query or {}, path_params=path or {})


def test_decimal_formats_of_the_public_api():
    assert fmt.money(Decimal("12.5")) == "12.5000"
    assert fmt.money(Decimal("46")) == "46.0000"
    assert fmt.money(Decimal("1.234567")) == "1.234567"  # a 6-decimal price keeps its digits
    assert fmt.money(Decimal("0.500000")) == "0.5000"  # trailing zeros of numeric(18,6) do not count
    assert fmt.quantity(Decimal("2")) == "2.000"
    assert fmt.quantity(Decimal("2.5")) == "2.500"
    assert fmt.rate(Decimal("15")) == "15.0000"
    assert fmt.money(None) is None


def test_timestamps_carry_the_ecuador_offset():
    moment = datetime(2026, 2, 22, 15, 10, 22, 123456, tzinfo=timezone.utc)
    assert fmt.timestamp(moment) == "2026-02-22T10:10:22-05:00"


def test_paging_defaults_limits_and_meta():
    assert parse_paging(req()) == Paging(1, 20)
    paging = parse_paging(req({"page": "3", "per_page": "10"}))
    assert (paging.offset, paging.limit) == (20, 10)
    assert page_body([], 21, paging)["meta"] == {"current_page": 3, "last_page": 3, "per_page": 10, "total": 21}
    assert page_body([], 0, Paging())["meta"]["last_page"] == 1
    for bad in ({"per_page": "0"}, {"per_page": "101"}, {"page": "0"}, {"page": "x"}):
        with pytest.raises(Unprocessable) as exc:
            parse_paging(req(bad))
        assert list(exc.value.errors) == list(bad)


def test_query_and_path_values():
    assert query_int(req({"n": " 7 "}), "n") == 7
    assert query_int(req({"n": ""}), "n") is None
    with pytest.raises(Unprocessable):
        query_int(req({"n": "7a"}), "n")
    assert query_choice(req({"t": "b"}), "t", {"a": "A", "b": "B"}) == "B"
    assert query_choice(req(), "t", {"a": "A"}, default="A") == "A"
    with pytest.raises(Unprocessable):
        query_choice(req({"t": "c"}), "t", {"a": "A"})
    assert path_id(req(path={"id": "12"})) == 12
    for bad in ("", "abc", "-1", "99999999999999999999"):
        with pytest.raises(NotFound):
            path_id(req(path={"id": bad}))


def test_like_pattern_escapes_wildcards():
    assert contains_pattern("50%_off") == "%50\\%\\_off%"
    assert contains_pattern("") is None


class Body(RequestModel):
    name: str
    email: str | None = None


def test_blank_strings_are_null_and_null_required_is_missing():
    assert validate_body(Body, {"name": " Ana ", "email": "  "}).model_dump() == {"name": "Ana", "email": None}
    for body in ({"name": ""}, {"name": None}, {}):
        with pytest.raises(Unprocessable) as exc:
            validate_body(Body, body)
        assert exc.value.errors == {"name": ["El campo name es obligatorio."]}
