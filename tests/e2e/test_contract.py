"""The served /openapi.json is the contract: a short schemathesis run (`--checks all`, the
project's schemathesis.toml) finds nothing, and a client generated from it with
openapi-python-client creates and reads an invoice through typed models (attrs classes).

Both work on a tenant of their own on the full stack (tests/e2e/stacks.py), so what the
fuzzer creates, changes or revokes touches no other module's company.
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import httpx
import pytest

from tests import harness
from tests.e2e.conftest import bootstrap

pytestmark = pytest.mark.e2e

RUC, KEY = "0990017514001", "ek_contract0_" + "c" * 36
BIN = Path(sys.executable).parent
# the short run: fuzzing only, a few cases per operation, a fixed seed and a time cap; one worker: with
# two, both threads may build Hypothesis's any-JSON strategy at once, and its lambda-source cache is not
# thread-safe (a runtime error: KeyError, or SystemError "AST constructor recursion depth mismatch")
BUDGET = ["--phases", "examples,fuzzing", "-n", "3", "--seed", "13", "-w", "1", "--max-time", "60"]
# (the fuzzer would revoke its own key, drop its own role or disable its modules halfway through; the
# long run, schemathesis.toml on `make up`'s platform, covers them)
SKIP = r"^/api/v1/company/settings/((api-keys|users)/\{id\}|company)$"


@pytest.fixture(scope="module")
async def contract_shop(full_stack, service_env):
    """A second company on the full stack: series 001-001, a warehouse, a product with stock, a customer."""
    tenant = bootstrap({**service_env, **full_stack.env}, ruc=RUC, key=KEY)
    async with httpx.AsyncClient(base_url=full_stack.gateway.url + "/api/v1/company", timeout=30,
                                 headers={"X-API-Key": tenant["api_key"]}) as api:
        async def post(path: str, body: dict) -> int:
            resp = await api.post(path, json=body)
            assert resp.status_code == 201, (path, resp.text)
            return resp.json()["data"]["id"]

        est = await post("/establishments", {"code": "001", "name": "Matriz", "address": "Quito"})
        await post("/points-of-sale", {"establishment_id": est, "code": "001"})
        warehouse = await post("/warehouses", {"code": "BOD-01", "name": "Bodega"})
        product = await post("/products", {"code": "LAP-001", "name": "Lapiz HB", "price": "0.50", "tax_rate": 15})
        await post("/inventory/movements", {"type": "adjustment_in", "warehouse_id": warehouse,
                                            "items": [{"product_id": product, "quantity": 100}]})
        await post("/customers", {"identification_type": "cedula", "identification": "1710034065",
                                  "name": "Cliente Demo"})
    return {"url": full_stack.gateway.url, "key": tenant["api_key"], "warehouse": warehouse, "product": product}


def test_a_generated_client_creates_and_reads_an_invoice_with_typed_models(contract_shop, tmp_path):
    url = contract_shop["url"]
    (tmp_path / "openapi.json").write_bytes(httpx.get(f"{url}/openapi.json").content)
    done = subprocess.run(
        [str(BIN / "openapi-python-client"), "generate", "--path", str(tmp_path / "openapi.json"),
         "--output-path", str(tmp_path / "einvoice_client"), "--meta", "none"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}"})  # ruff post-hook: the venv's
    assert done.returncode == 0, done.stdout + done.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        client_mod = importlib.import_module("einvoice_client")
        create = importlib.import_module("einvoice_client.api.documents.key_post_documents_invoices")
        read = importlib.import_module("einvoice_client.api.documents.key_get_documents_id")
        models = importlib.import_module("einvoice_client.models")
        client = client_mod.AuthenticatedClient(base_url=url, token=contract_shop["key"], prefix="",
                                                auth_header_name="X-API-Key")
        body = models.InvoiceIn(warehouse_id=contract_shop["warehouse"],
                                items=[models.ItemIn(product_id=contract_shop["product"], quantity="2")])
        created = create.sync_detailed(client=client, body=body, wait=0, idempotency_key="contract-client-1")
        assert created.status_code == 201, created.content
        assert isinstance(created.parsed, models.DocumentCreated) and attrs.has(type(created.parsed))
        data = created.parsed.data
        assert isinstance(data, models.DocumentCreatedData) and data.type_.value == "invoice"
        assert data.total == 1.15 and data.status.value == "issued"
        detail = read.sync(data.id, client=client)
        assert isinstance(detail, models.DocumentDetail) and detail.id == data.id
        assert detail.total == "1.1500" and detail.items[0].quantity == "2.000"
        assert detail.items[0].product_id == contract_shop["product"]
        assert isinstance(detail.sri_response, models.DocumentDetailSriResponse)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.split(".")[0] == "einvoice_client"]:
            del sys.modules[name]


def test_schemathesis_finds_nothing(contract_shop, tmp_path):
    url, report = contract_shop["url"], tmp_path / "schemathesis.json"
    done = subprocess.run(
        [str(BIN / "schemathesis"), "run", f"{url}/openapi.json", "--url", url, "--checks", "all",
         "--include-path-regex", "^/api/v1/company/", "--exclude-path-regex", SKIP,
         "-H", f"X-API-Key: {contract_shop['key']}", *BUDGET, "--no-color",
         "--report", "json", "--report-json-path", str(report)],
        cwd=harness.ROOT, capture_output=True, text=True, timeout=120)
    summary = json.loads(report.read_text())
    print(f"schemathesis: {summary['test_cases']['generated']} cases on {summary['operations']['tested']} "
          f"operations, failures {summary['failures']}")
    assert summary["operations"]["tested"] >= 60
    assert done.returncode == 0 and not summary["failures"] and not summary["errors"], done.stdout[-6000:]
