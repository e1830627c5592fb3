"""sequencing: establishments, points of sale (emission points) and series counters.

Owns the numbering of every sales document: one counter per (company, series
`EEE-PPP`, document type). Answers the establishment / point-of-sale lookups,
`series.resolve` and the sequence preview, and allocates numbers exactly once per
document: command `sequencing.allocate_number` (queue `sequencing.allocate_number`)
-> event `sequencing.number_allocated` or `sequencing.number_rejected`.

A command for a document that already has its number (a second command; a
redelivery of the same message is dropped by the inbox) republishes the same
`NumberAllocated`, same number and allocated_at: consumers are idempotent, and a
producer that lost track gets its answer again. See process/allocation.py for the rules.

Layout: handlers/ (RPC methods and the command consumer, thin), process/ (use cases:
allocation, series resolution, points of sale), domain/ (pure rules: series, numbers),
db/ (SQL per aggregate), views/ (response shapes). Request bodies and messages are in
shared/contracts/sequencing.py.
"""
