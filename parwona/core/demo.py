"""The demo programme: each app registers a seeder that `seed_demo` runs in order.

A seeder takes the random generator and the size options and returns lines to print
(the logins, what it created). Seeders are deterministic for a seed and idempotent.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

Seeder = Callable[..., list[str]]


@dataclass(frozen=True)
class _Entry:
    order: int
    name: str
    func: Seeder


_SEEDERS: list[_Entry] = []


def demo_seeder_register(*, name: str, order: int, func: Seeder) -> None:
    if all(entry.name != name for entry in _SEEDERS):
        _SEEDERS.append(_Entry(order, name, func))
        _SEEDERS.sort(key=lambda e: e.order)


def demo_seed(*, seed: int, scale: int) -> list[str]:
    """Run every registered seeder with its own generator derived from `seed`; return their lines."""
    lines: list[str] = []
    for entry in _SEEDERS:
        rng = random.Random(f"{seed}:{entry.name}")
        lines.extend(entry.func(rng=rng, seed=seed, scale=scale))
    return lines
