"""shared.sri.taxpayer: the issuer's values as the SRI's XSDs and the law allow them."""
from __future__ import annotations

import re
from typing import get_args

import pytest

from shared.contracts.sri import RimpeLegend, SriIssuer
from shared.sri.taxpayer import RIMPE_LEGENDS, agente_retencion_errors, contribuyente_especial_errors, keeps_accounts

pytestmark = pytest.mark.unit
XSD_RIMPE = "CONTRIBUYENTE (NEGOCIO POPULAR - )?RÉGIMEN RIMPE"  # factura 1.1.0, NC 1.1.0, ND 1.0.0
ISSUER = {"legal_name": "Empresa", "head_office_address": "Quito"}


def test_rimpe_legends_are_the_xsds_and_the_contracts():
    assert all(re.fullmatch(XSD_RIMPE, legend) for legend in RIMPE_LEGENDS.values())
    assert set(RIMPE_LEGENDS.values()) == set(get_args(RimpeLegend))
    assert set(RIMPE_LEGENDS) == {"rimpe_emprendedor", "rimpe_negocio_popular"}


@pytest.mark.parametrize("ruc, setting, expected", [("1792146739001", False, True), ("1760013210001", None, True),
                                                    ("1710034065001", False, False), ("1710034065001", True, True)])
def test_a_sociedad_always_keeps_accounts(ruc, setting, expected):
    assert keeps_accounts(ruc, setting) is expected
    issuer = SriIssuer(ruc=ruc, obligado_contabilidad=bool(setting), **ISSUER)
    assert issuer.obligado_contabilidad is expected  # the snapshot applies the same rule


def test_resolution_numbers():
    assert contribuyente_especial_errors("5368") == [] == agente_retencion_errors("1")
    assert contribuyente_especial_errors("12") and contribuyente_especial_errors("12 34")
    assert agente_retencion_errors("01") and agente_retencion_errors("123456789")
