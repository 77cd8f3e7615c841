"""RFC 3797 publicly verifiable random selection: the project's one public-draw algorithm.

Declarations' review draws and the access audit's monthly samples both draw with it. Pure standard
library and no Django, so anyone can repeat a draw with the RFC's own reference code
(``tools/verify_draw.py`` repeats it for published declaration draws in a few self-contained lines).

- The **key string** (§4) is built from the public random sources, in their announced order: each
  source is rendered on its own and followed by ``/``. A set of numbers is written as those numbers
  in ascending order, each followed by ``.``; a single number likewise; a text source is upper-cased
  with everything but letters and digits removed. Numbers are non-negative.
  Example: ``9319./2.5.8.10.12./9.18.26.34.41.45./``.
- Pick ``j`` (j = 0, 1, …) hashes ``j`` as two bytes big-endian, the key, then ``j`` again:
  ``MD5(j ‖ key ‖ j)``. The digest, read as an unsigned 128-bit integer modulo the number of items
  not yet picked, is the position of the pick among the remaining items in their original order
  (§5 and its reference code).
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

MAX_SELECTIONS = 65_536  # j is written in two bytes


def _render_number(value) -> str:
    if isinstance(value, bool):
        raise TypeError("a draw source cannot be a boolean")
    number = Decimal(str(value))
    if number < 0:
        raise ValueError("random source values must be non-negative")
    text = str(number.normalize())
    return format(number, "f") if "E" in text else text


def _render_text(value: str) -> str:
    folded = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in folded.upper() if ch.isascii() and ch.isalnum())


def render_source(source) -> str:
    """One source as it appears in the key string, including its trailing ``/``."""
    if isinstance(source, str):
        if source.strip().lstrip("-").isdigit():
            return f"{_render_number(int(source))}./"
        return f"{_render_text(source)}/"
    if isinstance(source, Iterable):
        numbers = sorted(Decimal(str(item)) for item in source)
        if not numbers:
            raise ValueError("a random source needs at least one value")
        return "".join(f"{_render_number(number)}." for number in numbers) + "/"
    return f"{_render_number(source)}./"


def key_string(sources: Sequence) -> str:
    """The key string of RFC 3797 §4 built from the public random sources, in order."""
    if not sources:
        raise ValueError("a public draw needs at least one random source")
    return "".join(render_source(source) for source in sources)


def digest(index: int, key: str) -> bytes:
    """MD5 of the two-byte index, the key string and the two-byte index again."""
    if not 0 <= index < MAX_SELECTIONS:
        raise ValueError(f"RFC 3797 numbers at most {MAX_SELECTIONS} selections")
    prefix = index.to_bytes(2, "big")
    return hashlib.md5(prefix + key.encode("ascii") + prefix, usedforsecurity=False).digest()


class _Remaining:
    """Positions not yet picked, with "the k-th remaining one" in O(log n) (a Fenwick tree).

    A plain list with ``pop(k)`` is O(n) per pick; a draw of 10,000 from 100,000 stays well under a
    second this way.
    """

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
        """Remove and return the 0-based original position of the ``rank``-th (0-based) remaining item."""
        position, step, remaining = 0, self.top, rank + 1
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


def select(pool_size: int, count: int, key: str) -> list[int]:
    """The 0-based positions of ``count`` items picked from a pool of ``pool_size``, in pick order."""
    if count < 0 or pool_size < 0:
        raise ValueError("sizes must be non-negative")
    if count > pool_size:
        raise ValueError(f"the pool of {pool_size} is smaller than {count}")
    remaining = _Remaining(pool_size)
    picks = []
    for index in range(count):
        value = int.from_bytes(digest(index, key), "big")
        picks.append(remaining.take(value % (pool_size - index)))
    return picks


def select_from(items: Sequence, count: int, key: str) -> list:
    """The picked items themselves, in pick order."""
    return [items[position] for position in select(len(items), count, key)]


def entropy_bits(pool_size: int, count: int) -> float:
    """log2 C(P, N): how many bits of randomness the sources should carry (RFC 3797 §3)."""
    if count < 1 or count >= pool_size:
        return 0.0
    return math.log2(math.comb(pool_size, count))
