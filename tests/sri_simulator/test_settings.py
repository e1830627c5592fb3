"""Configuration from the environment: SIM_FAULTS as the default spec, bad values refused."""
from __future__ import annotations

import pytest

from tests import harness
from tests.sri_simulator.client import SriClient, messages
from tests.sri_simulator.docs import Factura
from tests.sri_simulator.signing import sign_xades

pytestmark = pytest.mark.integration


async def test_sim_faults_env_is_the_default_and_reset_restores_it(log_dir, creds):
    svc = harness.start_service("sri_simulator", {"SIM_FAULTS": "devuelta:50"}, log_dir=log_dir)
    client = await SriClient(svc.url).start()
    try:
        doc = Factura()
        data = sign_xades(doc.build(), creds)
        assert messages((await client.send(data)).comprobantes.comprobante[0]) == [("50", "ERROR")]
        await client.set_faults("")
        assert (await client.send(data)).estado == "RECIBIDA"
        reset = await client.http.post(f"{svc.url}/_sim/reset")
        assert reset.json()["spec"] == "devuelta:50" and (await client.state())["documents"] == {}
    finally:
        await client.close()
        svc.stop()


@pytest.mark.parametrize("env", [{"SIM_FAULTS": "explode"}, {"SRI_XSD_DIR": "/nonexistent"}])
def test_bad_settings_stop_the_process(log_dir, env):
    with pytest.raises(RuntimeError, match="exited with 2"):
        harness.start_service("sri_simulator", env, log_dir=log_dir, timeout=10)
