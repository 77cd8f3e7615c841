"""RFC 3797 publicly verifiable random selection (the project's public-draw algorithm).

The key string is built from the public random sources (§4): every source is
rendered on its own and followed by ``/``; a source that is a set of numbers
is written as those numbers in ascending order, each followed by ``.``; a
text source is upper-cased with everything but letters and digits removed.
The ``i``-th selection (counting from 0) takes the MD5 digest of the 2-byte
big-endian ``i``, the key string and the same 2 bytes again, reads it as an
unsigned 128-bit integer and takes it modulo the number of candidates still
in the pool; that position (0-based) in the remaining pool is selected and
removed. Pure standard library: anyone can repeat the draw with the RFC's own
reference code.
"""

from __future__ import annotations

import hashlib
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal


def _render_number(value) -> str:
    if isinstance(value, bool):
        raise TypeError("a draw source cannot be a boolean")
    if isinstance(value, int):
        return str(value)
    text = str(Decimal(str(value)).normalize())
    if "E" in text:
        text = format(Decimal(str(value)), "f")
    return text


def _render_text(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in folded.upper() if ch.isascii() and ch.isalnum())


def render_source(source) -> str:
    """One source as it appears in the key string, including its trailing ``/``."""
    if isinstance(source, str):
        if source.strip().lstrip("-").isdigit():
            return f"{int(source)}./"
        return f"{_render_text(source)}/"
    if isinstance(source, Iterable):
        numbers = sorted(Decimal(str(item)) for item in source)
        return "".join(f"{_render_number(number)}." for number in numbers) + "/"
    return f"{_render_number(source)}./"


def key_string(sources: Sequence) -> str:
    """The key string of RFC 3797 §4 built from the public random sources, in order."""
    if not sources:
        raise ValueError("a public draw needs at least one random source")
    return "".join(render_source(source) for source in sources)


def digest(key: str, index: int) -> bytes:
    """MD5 of the 2-byte index, the key string and the 2-byte index again."""
    if not 0 <= index < 65536:
        raise ValueError("RFC 3797 numbers selections with two bytes")
    prefix = struct.pack(">H", index)
    return hashlib.md5(prefix + key.encode("ascii") + prefix, usedforsecurity=False).digest()


class _Remaining:
    """The pool still undrawn, as a Fenwick tree: finding the k-th remaining item costs O(log n)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree = [0] * (size + 1)
        for position in range(1, size + 1):
            self.tree[position] += 1
            parent = position + (position & -position)
            if parent <= size:
                self.tree[parent] += self.tree[position]
        self.top = 1 << size.bit_length()

    def take(self, rank: int) -> int:
        """Remove and return the 0-based pool index of the item at 0-based ``rank`` among the remaining."""
        position, remaining = 0, rank + 1
        step = self.top
        while step:
            following = position + step
            if following <= self.size and self.tree[following] < remaining:
                position = following
                remaining -= self.tree[following]
            step >>= 1
        index = position + 1
        while index <= self.size:
            self.tree[index] -= 1
            index += index & -index
        return position


def select(pool_size: int, count: int, sources: Sequence) -> list[int]:
    """0-based indexes into the ordered pool, in the order drawn."""
    if count > pool_size:
        raise ValueError("cannot draw more than the pool holds")
    key = key_string(sources)
    remaining = _Remaining(pool_size)
    chosen = []
    for index in range(count):
        value = int.from_bytes(digest(key, index), "big")
        chosen.append(remaining.take(value % (pool_size - index)))
    return chosen
