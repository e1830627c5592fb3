"""Every call's answer model, by the call's key (a route's rpc, or a gateway handler's name)."""
from __future__ import annotations

from shared.contracts.answers import (Answer, customers, documents, gateway, inventory, payments, receivables_report,
                                      renderer, sales_reports, sequencing, sri)

ANSWERS: dict[str, type[Answer]] = {}
for _area in (gateway, sequencing, customers, documents, sales_reports, sri, renderer, inventory, payments,
              receivables_report):
    _clash = ANSWERS.keys() & _area.ANSWERS.keys()
    if _clash:
        raise ValueError(f"answers declared twice: {sorted(_clash)}")
    ANSWERS.update(_area.ANSWERS)
