"""The invariants a chaos run must keep, as pure checks over what was observed after
quiescence (collect.py gathers it). Each check gives a figure to print and, when it does
not hold, the offending items."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

# renderer_mailer's Message-ID (domain/message.py new_message_id): <hex16.c{company}.d{document}@domain>
MESSAGE_ID = re.compile(r"<[0-9a-f]{16}\.c(\d+)\.d(\d+)@[^>\s]+>")


@dataclass(frozen=True)
class DeadLetter:
    queue: str
    type: str
    reason: str
    explanation: str | None  # None: nothing explains it


@dataclass(frozen=True)
class PaymentReceived:
    """What a client's 201 of POST /payments said (and the direct amount it sent)."""
    document_id: int
    payment_id: int
    amount: Decimal
    applied_advance: Decimal = Decimal(0)
    excess: Decimal = Decimal(0)
    created_advance: Decimal = Decimal(0)

    @property
    def applied(self) -> Decimal:
        """What it took off the document's balance: the advance applied, then the direct amount up to the balance."""
        return self.amount + self.applied_advance - self.excess


@dataclass
class Observed:
    received: dict[str, int]                  # Idempotency-Key -> document id of the client's 201
    documents: list[dict]                     # every recorded invoice (documents schema)
    stocked: dict[int, Decimal]               # document id -> quantity of its stock-tracking lines
    allocations: list[dict]                   # sequencing: document_id, series, number
    moved: dict[int, Decimal]                 # inventory: document id -> quantity its sale moved
    on_hand: Decimal
    initial_stock: Decimal
    submissions: list[dict]                   # sri_submitter: document_id, access_key, stage, messages
    sim: dict[str, dict]                      # simulator: access key -> its summary
    dead_letters: list[DeadLetter] = field(default_factory=list)
    company_id: int = 0
    renders: list[dict] = field(default_factory=list)         # renderer_mailer: document_id, status, pdf_path
    pdf_heads: dict[str, bytes | None] = field(default_factory=dict)  # store path -> first bytes (None: missing)
    deliveries: list[dict] = field(default_factory=list)      # renderer_mailer: document_id, status, message_id,
                                                              # attempts ([{code, ...}])
    mails: list[str] = field(default_factory=list)            # the Message-ID of each mail the SMTP sink holds
    mailer_kills: int = 0                                     # renderer_mailer processes SIGKILLed in the run
    # payments (ledger.py): what the clients got 201s for, and the payments schema after quiescence
    payments_received: dict[str, PaymentReceived] = field(default_factory=dict)  # Idempotency-Key -> its 201
    payments: list[dict] = field(default_factory=list)        # id, document_id, status, amount,
                                                              # applied_advance_amount, applied_amount,
                                                              # excess_amount, created_advance_amount
    receivables: list[dict] = field(default_factory=list)     # document_id, recorded, status, total, paid_amount,
                                                              # credited_amount, balance, payment_status, version
    payment_keys: dict[str, int] = field(default_factory=dict)  # Idempotency-Key -> payment id payments remembers
    advances: list[dict] = field(default_factory=list)        # customer_advances: amount, remaining, source,
                                                              # source_payment_id, status
    advance_uses: list[dict] = field(default_factory=list)    # advance_applications: payment_id, amount, reversed_at


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    figure: str
    details: tuple[str, ...] = ()


def sample(items, limit: int = 10) -> str:
    items = sorted(items)
    return ", ".join(map(str, items[:limit])) + (f" (+{len(items) - limit} more)" if len(items) > limit else "")


def plain(value: Decimal) -> str:
    """60.000000 -> 60; 1.500 -> 1.5."""
    return format(value.normalize(), "f")


def no_ghost(o: Observed) -> Check:
    recorded, received = {d["id"] for d in o.documents}, set(o.received.values())
    ghosts, lost = recorded - received, received - recorded
    shared = [doc for doc, n in Counter(o.received.values()).items() if n > 1]
    details = [f"{label}: {sample(ids)}" for label, ids in (("ghost documents (no client received them)", ghosts),
               ("received but not recorded", lost), ("one document for several keys", shared)) if ids]
    return Check("no ghost", not details, f"documents recorded {len(recorded)} == distinct documents received "
                 f"{len(received)} (ghosts {len(ghosts)}, lost {len(lost)})", tuple(details))


def contiguous_numbers(o: Observed) -> Check:
    """Per series: numbers 1..max, each once, over every recorded document; sequencing agrees."""
    by_series: dict[str, list[int]] = {}
    for doc in o.documents:
        if doc["number"] is not None:
            by_series.setdefault(doc["series"], []).append(int(doc["number"]))
    details, gaps_total, dups_total = [], 0, 0
    for series, numbers in sorted(by_series.items()):
        gaps = set(range(1, max(numbers) + 1)) - set(numbers)
        dups = [n for n, c in Counter(numbers).items() if c > 1]
        gaps_total, dups_total = gaps_total + len(gaps), dups_total + len(dups)
        details += [f"{series} gaps: {sample(gaps)}"] * bool(gaps)
        details += [f"{series} duplicates: {sample(dups)}"] * bool(dups)
    documents = {(d["id"], d["series"], int(d["number"])) for d in o.documents if d["number"] is not None}
    allocated = {(a["document_id"], a["series"], int(a["number"])) for a in o.allocations}
    if documents != allocated:
        details.append(f"sequencing allocations not on a document: {sample(allocated - documents)}; "
                       f"numbers sequencing never allocated: {sample(documents - allocated)}")
    spans = ", ".join(f"{s} 1..{max(n)}" for s, n in sorted(by_series.items())) or "none"
    return Check("numbering", not details, f"numbers {spans}: gaps {gaps_total}, duplicates {dups_total}, "
                 f"allocations {len(allocated)} == numbered documents {len(documents)}", tuple(details))


def stock_moved(o: Observed) -> Check:
    expected = sum(o.stocked.values(), Decimal(0))
    moved = sum(o.moved.values(), Decimal(0))
    recorded = {d["id"] for d in o.documents}
    details = [f"document {doc}: moved {plain(o.moved.get(doc, Decimal(0)))}, lines {plain(qty)}"
               for doc, qty in sorted(o.stocked.items()) if o.moved.get(doc, Decimal(0)) != qty]
    details += [f"sale of unrecorded document {doc}: {plain(qty)}" for doc, qty in sorted(o.moved.items())
                if doc not in recorded]
    if o.on_hand != o.initial_stock - expected:
        details.append(f"on hand {o.on_hand} != {o.initial_stock} - {expected}")
    return Check("stock", not details, f"stock moved {plain(moved)} == sum of recorded lines {plain(expected)}; "
                 f"on hand {plain(o.on_hand)} == {plain(o.initial_stock)} - {plain(expected)}", tuple(details[:20]))


def one_submission_per_key(o: Observed) -> Check:
    """One access key per document, each accepted once by the SRI, and no key of no document."""
    keys = {d["id"]: d["sri_access_key"] for d in o.documents if d["sri_access_key"]}
    per_doc = Counter(s["document_id"] for s in o.submissions)
    submitted = {s["document_id"]: s["access_key"] for s in o.submissions}
    details = [f"document {doc}: {n} submissions" for doc, n in sorted(per_doc.items()) if n > 1]
    details += [f"document {doc}: key {key} != submitted {submitted.get(doc)}" for doc, key in sorted(keys.items())
                if submitted.get(doc) != key]
    details += [f"key {k}: shared by documents {sample(d for d, kk in keys.items() if kk == k)}"
                for k, n in Counter(keys.values()).items() if n > 1]
    accepted = {k: s["accepted"] for k, s in o.sim.items() if s["accepted"]}
    details += [f"key {k}: accepted {n} times by the SRI" for k, n in sorted(accepted.items()) if n > 1]
    details += [f"key {k}: authorized {s['authorized']} times" for k, s in sorted(o.sim.items()) if s["authorized"] > 1]
    details += [f"key {k} at the SRI belongs to no recorded document" for k in sorted(set(o.sim) - set(keys.values()))]
    sequentials = Counter((k[24:30], k[30:39]) for k in accepted)
    details += [f"series {s[:3]}-{s[3:]} number {int(n)}: {c} keys accepted"
                for (s, n), c in sequentials.items() if c > 1]
    once = sum(1 for n in accepted.values() if n == 1)
    return Check("one SRI submission per key", not details, f"keys {len(keys)} for {len(o.documents)} documents; "
                 f"accepted once {once}, more than once {len(accepted) - once}", tuple(details[:20]))


def terminal(o: Observed) -> Check:
    """Issued, numbered, authorized, stock applied, its PDF recorded and its mail sent; a rejected/error
    one shows the SRI's reasons."""
    reasons = {s["document_id"]: s.get("messages") for s in o.submissions}
    details = []
    for d in sorted(o.documents, key=lambda d: d["id"]):
        problems = [f"{k} {d[k]}" for k, want in (("status", "issued"), ("process_state", "numbered"),
                                                   ("sri_status", "authorized")) if d[k] != want]
        if d["stock_expected"] and d["stock_applied_at"] is None:
            problems.append("stock not applied")
        if d["sri_status"] in ("rejected", "error"):
            problems.append(f"SRI: {reasons.get(d['id'])}")
        if d["sri_status"] == "authorized" and d["mail_status"] != "sent":
            problems.append(f"mail_status {d['mail_status']}")
        if d["sri_status"] == "authorized" and not d["pdf_path"]:
            problems.append("no pdf_path")
        if problems:
            details.append(f"document {d['id']}: {'; '.join(problems)}")
    states = Counter(d["sri_status"] for d in o.documents)
    return Check("terminal state", not details, f"documents {len(o.documents)}: " + ", ".join(
        f"{s} {n}" for s, n in sorted(states.items())) + f"; not final {len(details)}", tuple(details[:20]))


def dead_letters(o: Observed) -> Check:
    unexplained = [d for d in o.dead_letters if d.explanation is None]
    details = [f"{d.queue}: {d.type} ({d.reason}): {d.explanation or 'UNEXPLAINED'}" for d in o.dead_letters]
    return Check("dead letters", not unexplained, f"dead letters {len(o.dead_letters)}, unexplained "
                 f"{len(unexplained)}", tuple(details[:20]))


def mails_per_document(o: Observed) -> tuple[Counter, list[str]]:
    """document id -> mails the sink holds for it; and the Message-IDs of no document of this company."""
    per_doc, strays = Counter(), []
    for message_id in o.mails:
        match = MESSAGE_ID.fullmatch(message_id.strip())
        if match is None or int(match[1]) != o.company_id:
            strays.append(message_id)
        else:
            per_doc[int(match[2])] += 1
    return per_doc, strays


def render_problems(o: Observed, doc: dict, renders: list[dict]) -> list[str]:
    """What is wrong with the one render of an authorized invoice, its PDF, and what documents shows."""
    if len(renders) != 1:
        return [f"{len(renders)} renders"]
    render, problems = renders[0], []
    head = o.pdf_heads.get(render["pdf_path"])
    if render["status"] != "rendered":
        problems.append(f"render {render['status']}")
    if head is None:
        problems.append(f"no PDF at {render['pdf_path']}")
    elif not head.startswith(b"%PDF"):
        problems.append(f"{render['pdf_path']} is not a PDF ({head[:8]!r})")
    if doc["pdf_path"] != render["pdf_path"]:
        problems.append(f"documents shows pdf_path {doc['pdf_path']}")
    return problems


def rendered_and_mailed(o: Observed) -> Check:
    """Every authorized invoice rendered once (its PDF in the store) and mailed: at least one mail in
    the SMTP sink, more than one only within the design's window (a renderer_mailer kill between the
    server's 250 and the record: at most one duplicate per kill); no render nor mail of anything else."""
    authorized = {d["id"]: d for d in o.documents if d["sri_status"] == "authorized"}
    renders: dict[int, list[dict]] = {}
    for render in o.renders:
        renders.setdefault(render["document_id"], []).append(render)
    per_doc, strays = mails_per_document(o)
    recorded_ids = {d["message_id"] for d in o.deliveries}
    details = []
    for doc_id, doc in sorted(authorized.items()):
        problems = render_problems(o, doc, renders.get(doc_id, []))
        problems += ["no mail in the SMTP sink"] * (not per_doc[doc_id])
        problems += [f"mail_status {doc['mail_status']}"] * (doc["mail_status"] != "sent")
        details += [f"document {doc_id}: {'; '.join(problems)}"] * bool(problems)
    details += [f"render of document {d} that is not authorized" for d in sorted(set(renders) - set(authorized))]
    details += [f"{n} mail(s) for document {d} that is not authorized" for d, n in sorted(per_doc.items())
                if d not in authorized]
    details += [f"mail {m}: of no document of company {o.company_id}" for m in sorted(strays)]
    details += [f"mail {m}: no delivery has that Message-ID" for m in sorted(set(o.mails) - recorded_ids)]
    duplicates = sum(n - 1 for n in per_doc.values() if n > 1)
    if duplicates > o.mailer_kills:
        details.append(f"duplicate mails {duplicates} > renderer_mailer kills {o.mailer_kills}: documents "
                       f"{sample(d for d, n in per_doc.items() if n > 1)}")
    pdfs = sum(1 for r in o.renders if (o.pdf_heads.get(r["pdf_path"]) or b"").startswith(b"%PDF"))
    refused = sum(1 for d in o.deliveries for a in d["attempts"] if a.get("code") != 250)
    sent = sum(1 for d in authorized.values() if d["mail_status"] == "sent")
    return Check("rendered and mailed", not details, f"authorized {len(authorized)}: renders {len(o.renders)} "
                 f"(PDFs {pdfs}), mail_status sent {sent}; mails {len(o.mails)} for {len(per_doc)} documents, "
                 f"duplicates {duplicates} (allowed up to {o.mailer_kills} renderer_mailer kills); "
                 f"failed SMTP attempts {refused}", tuple(details[:20]))


CHECKS = (no_ghost, contiguous_numbers, stock_moved, one_submission_per_key, terminal, rendered_and_mailed,
          dead_letters)


def check_all(o: Observed) -> list[Check]:
    return [check(o) for check in CHECKS]
