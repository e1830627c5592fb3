"""The dead-letter command: list, inspect and replay what waits in the consumer queues' DLQs.

    python -m services.<service> dlq list                     every queue of the service, with its dead letters
    python -m services.<service> dlq list QUEUE [--limit N]   the dead letters of one queue, one line each
    python -m services.<service> dlq show QUEUE MESSAGE_ID    properties, headers, why it died, the JSON body
    python -m services.<service> dlq replay QUEUE MESSAGE_ID... | --all
    python -m services.<service> dlq discard QUEUE MESSAGE_ID... | --all   (printed in full, then dropped)

`make dlq ARGS="list"` runs it locally for every service's queues (scripts/dlq.py). QUEUE is the
consumer queue (`documents.on_number_allocated`) or its DLQ (`....dlq`). How reading and replay
keep every message and the inbox's dedupe: shared/ops/deadletters.py.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Sequence, TextIO

import aio_pika
import orjson

from shared.ops import deadletters
from shared.ops.deadletters import DeadLetter, dlq_of

ROW = "{:<38} {:<36} {:<15} {:<20} {:>7}  {}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dlq", description="List, inspect and replay dead-lettered messages.")
    sub = p.add_subparsers(dest="command", required=True)
    ls = sub.add_parser("list", help="dead letters per queue, or the messages of one queue")
    ls.add_argument("queue", nargs="?", help="a consumer queue (or its .dlq)")
    ls.add_argument("--limit", type=int, default=50, help="messages listed at most (default 50)")
    ls.add_argument("--all", action="store_true", help="also the queues without dead letters")
    show = sub.add_parser("show", help="one dead letter: properties, headers, death, JSON body")
    show.add_argument("queue")
    show.add_argument("message_id")
    replay = sub.add_parser("replay", help="send dead letters back to their queue (same message id)")
    replay.add_argument("queue")
    replay.add_argument("message_ids", nargs="*", metavar="message_id")
    replay.add_argument("--all", action="store_true", help="every dead letter of the queue")
    discard = sub.add_parser("discard", help="drop dead letters for good (each printed in full first)")
    discard.add_argument("queue")
    discard.add_argument("message_ids", nargs="*", metavar="message_id")
    discard.add_argument("--all", action="store_true", help="every dead letter of the queue")
    return p


def when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else "-"


def dumps(value) -> str:
    return orjson.dumps(value, default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()


def describe(letter: DeadLetter) -> str:
    death = letter.death
    envelope = letter.json()
    occurred = envelope.get("occurred_at") if isinstance(envelope, dict) else None
    lines = [
        f"queue:          {letter.queue} (waiting in {dlq_of(letter.queue)})",
        f"message id:     {letter.message_id or '-'}",
        f"type:           {letter.type or '-'} (version {letter.headers.get('version', '-')})",
        f"correlation id: {letter.correlation_id or '-'}",
        f"company id:     {letter.headers.get('company_id', '-')}",
        f"occurred at:    {occurred or when(letter.timestamp) + ' UTC'}",
        f"death:          {letter.reason} in {death.get('queue', '-')} at {when(letter.died_at)} UTC"
        + (f" ({death['count']} times)" if int(death.get("count") or 1) > 1 else ""),
        f"retries made:   {letter.attempts} (x-attempt), replayed {letter.headers.get('x-replays', 0)} time(s)",
        "headers:", dumps(letter.headers),
        "body:" if envelope is not None else "body (not JSON):",
        dumps(envelope) if envelope is not None else letter.body.decode("utf-8", "replace"),
    ]
    return "\n".join(lines)


async def list_counts(connection, queues: Sequence[str], show_empty: bool, out: TextIO) -> int:
    found = await deadletters.counts(connection, list(queues))
    print(f"{'QUEUE':<50} {'DEAD LETTERS':>12}", file=out)
    for queue, n in found.items():
        if n or show_empty:
            print(f"{queue:<50} {'(no DLQ)' if n is None else n:>12}", file=out)
    total = sum(n or 0 for n in found.values())
    print(f"{len(found)} queue(s), {total} dead letter(s)" + ("" if show_empty else "; --all lists every queue"),
          file=out)
    return 0


async def list_queue(connection, queue: str, limit: int, out: TextIO) -> int:
    letters = await deadletters.peek(connection, queue, limit)
    print(f"{dlq_of(queue)}: {len(letters)} dead letter(s) listed (at most {limit})", file=out)
    if letters:
        print(ROW.format("MESSAGE ID", "TYPE", "REASON", "DEAD-LETTERED (UTC)", "RETRIES", "CORRELATION"), file=out)
    for d in letters:
        print(ROW.format(d.message_id or "-", d.type or "-", d.reason, when(d.died_at), d.attempts,
                         d.correlation_id or "-"), file=out)
    return 0


async def show(connection, queue: str, message_id: str, out: TextIO) -> int:
    matches = [d for d in await deadletters.peek(connection, queue) if d.message_id == message_id]
    if not matches:
        print(f"no dead letter {message_id} in {dlq_of(queue)}", file=out)
        return 1
    print(describe(matches[0]), file=out)
    if len(matches) > 1:
        print(f"({len(matches)} copies of this message are dead-lettered)", file=out)
    return 0


async def settle(connection, command: str, queue: str, message_ids: list[str], every: bool, out: TextIO) -> int:
    """replay or discard: what was done to each, and the ids not found."""
    act = deadletters.replay if command == "replay" else deadletters.discard
    done = await act(connection, queue, None if every else set(message_ids))
    for d in done:
        if command == "replay":
            print(f"replayed {d.message_id or '-'} ({d.type or '-'}) -> {d.queue}", file=out)
        else:
            print(describe(d), f"discarded {d.message_id or '-'} from {dlq_of(d.queue)}", sep="\n", file=out)
    missing = set(message_ids) - {d.message_id for d in done}
    for message_id in sorted(missing):
        print(f"no dead letter {message_id} in {dlq_of(queue)}", file=out)
    print(f"{len(done)} message(s) {command}ed", file=out)
    return 1 if missing else 0


async def run(queues: Sequence[str], amqp_url: str, argv: Sequence[str], out: TextIO = sys.stdout) -> int:
    args = parser().parse_args(list(argv))
    if args.command in ("replay", "discard") and not (args.all or args.message_ids):
        print(f"{args.command}: name the message ids, or --all", file=out)
        return 2
    connection = await aio_pika.connect(amqp_url, client_properties={"connection_name": "dlq"})
    try:
        if args.command == "list":
            if args.queue:
                return await list_queue(connection, args.queue, args.limit, out)
            return await list_counts(connection, queues, args.all, out)
        if args.command == "show":
            return await show(connection, args.queue, args.message_id, out)
        return await settle(connection, args.command, args.queue, args.message_ids, args.all, out)
    except aio_pika.exceptions.ChannelNotFoundEntity:
        print(f"no queue {dlq_of(args.queue)} on this broker (vhost)", file=out)
        return 1
    finally:
        await connection.close()


def main(queues: Sequence[str], amqp_url: str, argv: Sequence[str]) -> int:
    return asyncio.run(run(queues, amqp_url, argv))
