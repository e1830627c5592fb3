"""A minimal DER reader/writer, enough to walk and assemble PKCS#12 containers.

Definite lengths only (DER). BER indefinite lengths raise ValueError; callers treat
that as "cannot look inside" and fall back to what `cryptography` parses.
"""
from __future__ import annotations

from typing import NamedTuple

SEQUENCE, SET, OCTET_STRING, OID, INTEGER, NULL, BMP_STRING = 0x30, 0x31, 0x04, 0x06, 0x02, 0x05, 0x1E
CONSTRUCTED_OCTET_STRING, EXPLICIT_0 = 0x24, 0xA0


class Tlv(NamedTuple):
    tag: int
    offset: int  # the tag byte
    start: int  # first content byte
    end: int  # one past the last content byte


def read(data: bytes, pos: int = 0) -> Tlv:
    """The element starting at `pos` (single-byte tags only, as in PKCS#12)."""
    if pos + 2 > len(data):
        raise ValueError("truncated DER")
    offset, tag, first = pos, data[pos], data[pos + 1]
    pos += 2
    if first == 0x80:
        raise ValueError("indefinite length (BER) is not supported")
    length = first
    if first & 0x80:
        count = first & 0x7F
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return Tlv(tag, offset, pos, pos + length)


def children(data: bytes, parent: Tlv) -> list[Tlv]:
    out, pos = [], parent.start
    while pos < parent.end:
        child = read(data, pos)
        out.append(child)
        pos = child.end
    return out


def raw(data: bytes, element: Tlv) -> bytes:
    """The whole element: tag, length and value."""
    return data[element.offset:element.end]


def content(data: bytes, element: Tlv) -> bytes:
    """The value bytes; a constructed OCTET STRING is concatenated from its parts."""
    if element.tag == CONSTRUCTED_OCTET_STRING:
        return b"".join(content(data, part) for part in children(data, element))
    return data[element.start:element.end]


def encode(tag: int, value: bytes) -> bytes:
    size = len(value)
    if size < 0x80:
        return bytes([tag, size]) + value
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + value


def oid(dotted: str) -> bytes:
    """The full OID element, e.g. oid("1.2.840.113549.1.7.1")."""
    first, second, *rest = (int(p) for p in dotted.split("."))
    body = bytearray([first * 40 + second])
    for number in rest:
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        body.extend(reversed(chunk))
    return encode(OID, bytes(body))


def integer(value: int) -> bytes:
    return encode(INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def sequence(*parts: bytes) -> bytes:
    return encode(SEQUENCE, b"".join(parts))
