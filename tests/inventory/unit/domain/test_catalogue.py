import pytest

from services.inventory.domain.catalogue import PRODUCT_REQUIRED, WAREHOUSE_REQUIRED, missing_required

pytestmark = pytest.mark.unit


def test_an_update_may_not_clear_a_required_field():
    assert missing_required({"code": "B1", "name": None, "active": True}, WAREHOUSE_REQUIRED) == {
        "name": ["El campo name es obligatorio."]}
    full = {"code": "P", "name": "N", "price": 1, "tracks_stock": False, "tax_rate": 0, "unit": None}
    assert missing_required(full, PRODUCT_REQUIRED) == {}
