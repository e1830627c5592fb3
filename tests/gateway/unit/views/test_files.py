"""Content-Disposition of the document files: the name as given, made safe for the header."""
from __future__ import annotations

import pytest

from services.gateway.views.files import disposition

pytestmark = pytest.mark.unit
KEY = "2202202601179214673900120010010000000011234567815"


@pytest.mark.parametrize(("kind", "name", "header"), [
    ("attachment", f"{KEY}.xml", f'attachment; filename="{KEY}.xml"'),
    ("attachment", f"{KEY}-firmado.xml", f'attachment; filename="{KEY}-firmado.xml"'),
    ("inline", "Factura-001-001-000000120.pdf", 'inline; filename="Factura-001-001-000000120.pdf"'),
    ("inline", "Nota de crédito.pdf",
     "inline; filename=\"Nota de cr_dito.pdf\"; filename*=UTF-8''Nota%20de%20cr%C3%A9dito.pdf"),
    ("attachment", 'a"b\\c\r\n.pdf', "attachment; filename=\"a_b_c__.pdf\"; filename*=UTF-8''a%22b%5Cc%0D%0A.pdf"),
])
def test_disposition(kind, name, header):
    assert disposition(kind, name) == header
