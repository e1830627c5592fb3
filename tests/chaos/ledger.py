"""The payments invariants of a chaos run (pure, over invariants.Observed): every payment a client
got a 201 for is applied exactly once and nothing else is; each document's paid amount is the sum
of its applied payments and of what the clients were told; balances never below zero; the
documents' payment_status caught up with the receivables; advances add up."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from tests.chaos.invariants import Check, Observed, plain, sample

ZERO = Decimal(0)


def total(values) -> Decimal:
    return sum(values, ZERO)


def _payment_ids(o: Observed) -> list[str]:
    """Each received payment id once, applied, under the key payments remembers; no applied payment
    that no client received (a ghost)."""
    received = Counter(p.payment_id for p in o.payments_received.values())
    status = {p["id"]: p["status"] for p in o.payments}
    applied = {i for i, s in status.items() if s == "applied"}
    details = [f"{label}: {sample(ids)}" for label, ids in (
        ("ghost payments (applied, no client received them)", applied - set(received)),
        ("received but not recorded", set(received) - set(status)),
        ("received but not applied", {i for i in received if status.get(i, "applied") != "applied"}),
        ("one payment for several keys", {i for i, n in received.items() if n > 1})) if ids]
    keys = [f"key {k}: payments remembers {o.payment_keys.get(k)}, its 201 said {p.payment_id}"
            for k, p in sorted(o.payments_received.items()) if o.payment_keys.get(k) != p.payment_id]
    return details + keys[:10]


def _per_document(o: Observed) -> list[str]:
    """paid_amount == sum of the applied payments == what the clients' 201s applied; balance arithmetic;
    every recorded invoice has its receivable, for its total."""
    db: dict[int, Decimal] = {}
    for p in o.payments:
        if p["status"] == "applied":
            db[p["document_id"]] = db.get(p["document_id"], ZERO) + p["applied_amount"]
    clients: dict[int, Decimal] = {}
    for p in o.payments_received.values():
        clients[p.document_id] = clients.get(p.document_id, ZERO) + p.applied
    receivables = {r["document_id"]: r for r in o.receivables}
    details = []
    for doc in sorted(set(db) | set(clients) | set(receivables)):
        r = receivables.get(doc)
        paid = r["paid_amount"] if r else ZERO
        if not paid == db.get(doc, ZERO) == clients.get(doc, ZERO):
            details.append(f"document {doc}: paid_amount {plain(paid)}, applied payments "
                           f"{plain(db.get(doc, ZERO))}, clients' 201s {plain(clients.get(doc, ZERO))}")
        if r and (r["balance"] < 0 or r["balance"] != r["total"] - r["paid_amount"] - r["credited_amount"]):
            details.append(f"document {doc}: balance {plain(r['balance'])} != total {plain(r['total'])} - paid "
                           f"{plain(r['paid_amount'])} - credited {plain(r['credited_amount'])} (or below 0)")
    for d in o.documents:
        r = receivables.get(d["id"])
        if r is None or not r["recorded"]:
            details.append(f"document {d['id']}: no receivable recorded")
        elif r["total"] != d["total"]:
            details.append(f"document {d['id']}: receivable total {plain(r['total'])} != document {plain(d['total'])}")
    return details


def payments_applied_once(o: Observed) -> Check:
    details = _payment_ids(o) + _per_document(o)
    applied = [p for p in o.payments if p["status"] == "applied"]
    ghosts = {p["id"] for p in applied} - {p.payment_id for p in o.payments_received.values()}
    duplicates = sum(n - 1 for n in Counter(p.payment_id for p in o.payments_received.values()).values() if n > 1)
    paid_docs = {r["document_id"] for r in o.receivables if r["paid_amount"] > 0}
    return Check("payments applied once", not details,
                 f"201s {len(o.payments_received)} (one key each) == applied payments {len(applied)} (ghosts "
                 f"{len(ghosts)}, duplicates {duplicates}); paid_amount == sum of applied payments == clients' "
                 f"201s on {len(paid_docs)} documents (${plain(total(p['applied_amount'] for p in applied))}); "
                 f"receivables {len(o.receivables)} for {len(o.documents)} invoices, balances >= 0",
                 tuple(details[:20]))


def expected_status(r: dict) -> str:
    """payments' rule (domain/allocation.payment_status)."""
    if r["balance"] <= 0:
        return "paid"
    return "partial" if r["paid_amount"] > 0 else "pending"


def payment_status_agrees(o: Observed) -> Check:
    """The receivable's status follows its figures, and documents shows it at the receivable's version."""
    documents = {d["id"]: d for d in o.documents}
    details = []
    for r in sorted((r for r in o.receivables if r["recorded"]), key=lambda r: r["document_id"]):
        problems = [f"receivable {r['payment_status']} for its figures (want {expected_status(r)})"] * (
            r["payment_status"] != expected_status(r))
        d = documents.get(r["document_id"])
        if d is not None and (d["payment_status"], d["payment_version"]) != (r["payment_status"], r["version"]):
            problems.append(f"documents shows {d['payment_status']} v{d['payment_version']}, receivable "
                            f"{r['payment_status']} v{r['version']}")
        details += [f"document {r['document_id']}: {'; '.join(problems)}"] * bool(problems)
    states = Counter(r["payment_status"] for r in o.receivables if r["recorded"])
    return Check("payment_status agrees", not details, "receivables " + (", ".join(
        f"{s} {n}" for s, n in sorted(states.items())) or "none") + f"; documents behind or different "
        f"{len(details)}", tuple(details[:20]))


def advances_kept(o: Observed) -> Check:
    """Overpayments became advances of exactly their excess; what payments took from advances is what
    the advances lost; the clients were told the same."""
    applied = [p for p in o.payments if p["status"] == "applied"]
    created, by_payment = total(p["created_advance_amount"] for p in applied), Counter()
    for a in o.advances:
        if a["source"] == "overpayment" and a["status"] == "active":
            by_payment[a["source_payment_id"]] += a["amount"]
    used = total(p["applied_advance_amount"] for p in applied)
    taken = total(u["amount"] for u in o.advance_uses if u["reversed_at"] is None)
    amount = total(a["amount"] for a in o.advances if a["status"] == "active")
    remaining = total(a["remaining"] for a in o.advances if a["status"] == "active")
    told_created = total(p.created_advance for p in o.payments_received.values())
    told_used = total(p.applied_advance for p in o.payments_received.values())
    details = [f"payment {p['id']}: created advance {plain(p['created_advance_amount'])}, advances from it "
               f"{plain(by_payment.get(p['id'], ZERO))}" for p in applied
               if p["created_advance_amount"] != by_payment.get(p["id"], ZERO)]
    details += [f"advance from payment {i} that is not applied" for i in set(by_payment) - {p["id"] for p in applied}]
    details += [f"advances applied: payments {plain(used)}, applications {plain(taken)}, clients {plain(told_used)}"] \
        * (not used == taken == told_used)
    details += [f"advances created: payments {plain(created)}, clients {plain(told_created)}"] * (created != told_created)
    details += [f"advances remaining {plain(remaining)} != amount {plain(amount)} - applied {plain(taken)}"] \
        * (remaining != amount - taken)
    return Check("advances add up", not details, f"created from overpayments ${plain(created)}, applied "
                 f"${plain(used)}, remaining ${plain(remaining)} of ${plain(amount)}", tuple(details[:20]))


CHECKS = (payments_applied_once, payment_status_agrees, advances_kept)


def check_payments(o: Observed) -> list[Check]:
    return [check(o) for check in CHECKS]
