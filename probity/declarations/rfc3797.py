"""Publicly verifiable random selection, exactly as RFC 3797 (Eastlake, 2004) specifies it.

Pure Python, no Django: the draw, ``manage.py verify_draw`` and the tests use it, and
``tools/verify_draw.py`` repeats the same few lines with the standard library only so that
anyone can check a published draw without this project.

- The **key string** is built from the public random sources: in each source the integer
  values are sorted ascending and each is written in decimal followed by ``.``; every source
  ends with ``/`` (RFC 3797 §4). Example: ``9319./2.5.8.10.12./9.18.26.34.41.45./``.
- The j-th pick (j = 0, 1, …) hashes ``j`` as two bytes big-endian, then the key, then ``j``
  again: ``MD5(j ‖ key ‖ j)``; the 128-bit digest read big-endian, modulo the number of items
  not yet selected, is the position of the pick among the remaining items in their original
  order (RFC 3797 §5 and its reference code).

Only integer sources are accepted here (lottery numbers, index closes in cents): RFC 3797's
reference code treats decimal sources differently (unsorted), and a draw needs only one way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

MAX_SELECTIONS = 65_535  # j is written in two bytes


def key_string(sources: Iterable[Iterable[int]]) -> str:
    """The RFC 3797 key built from the sources' values, in the announced order of the sources."""
    parts = []
    for values in sources:
        numbers = [int(value) for value in values]
        if not numbers:
            raise ValueError("a random source needs at least one value")
        if any(number < 0 for number in numbers):
            raise ValueError("random source values must be non-negative integers")
        parts.append("".join(f"{number}." for number in sorted(numbers)) + "/")
    if not parts:
        raise ValueError("at least one random source is needed")
    return "".join(parts)


def digest(index: int, key: str) -> bytes:
    """MD5 of the two-byte index, the key and the two-byte index again."""
    if not 0 <= index < MAX_SELECTIONS:
        raise ValueError(f"RFC 3797 numbers at most {MAX_SELECTIONS} selections")
    prefix = index.to_bytes(2, "big")
    return hashlib.md5(prefix + key.encode("ascii") + prefix, usedforsecurity=False).digest()


class _RemainingItems:
    """Positions not yet selected, with "the k-th remaining one" in O(log n) (a Fenwick tree).

    A plain list with ``pop(k)`` is O(n) per pick; a draw of 10,000 from 100,000 stays well
    under a second this way.
    """

    def __init__(self, size: int):
        self.size = size
        self.tree = [0] * (size + 1)
        for position in range(1, size + 1):
            self.tree[position] += 1
            parent = position + (position & -position)
            if parent <= size:
                self.tree[parent] += self.tree[position]
        self.top = 1 << size.bit_length()

    def take(self, rank: int) -> int:
        """Remove and return the 0-based original position of the ``rank``-th remaining item."""
        position, step, remaining = 0, self.top, rank + 1
        while step:
            candidate = position + step
            if candidate <= self.size and self.tree[candidate] < remaining:
                position = candidate
                remaining -= self.tree[candidate]
            step >>= 1
        found = position + 1
        index = found
        while index <= self.size:
            self.tree[index] -= 1
            index += index & -index
        return found - 1


def select(pool_size: int, count: int, key: str) -> list[int]:
    """The 0-based positions of ``count`` items picked from a pool of ``pool_size``, in pick order."""
    if count < 0 or pool_size < 0:
        raise ValueError("sizes must be non-negative")
    if count > pool_size:
        raise ValueError(f"the pool of {pool_size} is smaller than {count}")
    remaining = _RemainingItems(pool_size)
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
    import math

    if count < 1 or count >= pool_size:
        return 0.0
    return math.log2(math.comb(pool_size, count))
