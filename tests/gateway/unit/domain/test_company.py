"""A company update merged into the current state."""
from __future__ import annotations

import pytest

from services.gateway.domain.access import MODULES
from services.gateway.domain.company import DEFAULT_SETTINGS, merge_company
from shared.contracts.gateway import CompanyUpdate
from shared.rpc.validation import validate_body

pytestmark = pytest.mark.unit


def test_company_update_merges_only_the_fields_sent():
    current = {"ruc": "1792146739001", "legal_name": "A", "trade_name": "B", "address": None,
               "modules": list(MODULES), "settings": {"auto_email": False}}
    changes = validate_body(CompanyUpdate, {"trade_name": None, "regimen": "rimpe_emprendedor"})
    merged = merge_company(current, changes)
    assert merged["trade_name"] is None and merged["legal_name"] == "A"
    assert merged["settings"] == {**DEFAULT_SETTINGS, "auto_email": False, "regimen": "rimpe_emprendedor"}
