"""sequencing: establishments, points of sale (emission points) and series counters.

Owns the numbering of every sales document: one counter per (company, series
`EEE-PPP`, document type). Answers the establishment / point-of-sale lookups and
the sequence preview; allocating numbers exactly once per document (command
`sequencing.allocate_number`, event `sequencing.number_allocated`) comes next.
"""
