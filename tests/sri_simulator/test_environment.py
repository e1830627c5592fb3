"""The simulator answers each authorization with the ambiente of the document it received."""
from __future__ import annotations

import pytest

from tests.sri_simulator.client import messages
from tests.sri_simulator.docs import Factura
from tests.sri_simulator.signing import sign_xades

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("ambiente, name, warnings", [("1", "PRUEBAS", [("60", "ADVERTENCIA")]),
                                                      ("2", "PRODUCCIÓN", [])], ids=["pruebas", "produccion"])
async def test_the_authorization_carries_the_documents_ambiente(sri, creds, ambiente, name, warnings):
    doc = Factura(ambiente=ambiente)
    assert (await sri.send(sign_xades(doc.build(), creds))).estado == "RECIBIDA"
    auth = (await sri.wait_decision(doc.clave)).autorizaciones.autorizacion[0]
    assert (auth.estado, auth.ambiente) == ("AUTORIZADO", name)
    assert messages(auth) == warnings  # warning 60 only in pruebas
