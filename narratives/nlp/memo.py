"""A bounded memo for pure lookups that are called again and again with recurring keys (words, names)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """``compute(key)``, remembered per key; all of it is forgotten once ``limit`` keys are held, so a
    long-lived worker stays flat while new names and numbers keep coming. Per instance, unlike
    ``functools.lru_cache`` on a method, so it dies with its owner (a registry, a term index)."""

    __slots__ = ("_compute", "_limit", "_values")

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        self._compute = compute
        self._limit = limit
        self._values: dict[K, V] = {}

    def __call__(self, key: K) -> V:
        try:
            return self._values[key]
        except KeyError:
            pass
        if len(self._values) >= self._limit:
            self._values.clear()
        value = self._values[key] = self._compute(key)
        return value
