"""`python -m services.sri_submitter install-demo-certificate` (what `make up` runs): idempotent."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from tests import harness
from tests.sri_submitter.snapshots import RUC

pytestmark = pytest.mark.integration


def install(env: dict[str, str], company: int, ruc: str = RUC) -> dict:
    done = subprocess.run([sys.executable, "-m", "services.sri_submitter", "install-demo-certificate",
                           "--company-id", str(company), "--ruc", ruc], cwd=harness.ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


async def test_install_is_idempotent_and_readable_by_the_service(service_env, sri_env, sri_call):
    env, company = {**service_env, **sri_env}, random.randint(10**6, 2**31 - 1)
    first = install(env, company)
    assert first["company_id"] == company and first["ruc"] == RUC and first["days_left"] >= 363
    assert install(env, company)["serial_number"] == first["serial_number"]
    got = await sri_call("certificates.get", company_id=company)
    assert got.status == 200 and got.body["data"]["serial_number"] == first["serial_number"]
    assert install(env, company, "0992339411001")["serial_number"] != first["serial_number"]  # RUC changed


def test_bad_arguments_exit_2(service_env):
    done = subprocess.run([sys.executable, "-m", "services.sri_submitter", "install-demo-certificate",
                           "--company-id", "1", "--ruc", "123"], cwd=harness.ROOT,
                          env={**os.environ, **service_env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "--ruc" in done.stderr
