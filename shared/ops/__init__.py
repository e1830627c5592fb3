"""Operator commands (dead letters: dlq.py), run through a service: `python -m services.<name> dlq ...`."""
