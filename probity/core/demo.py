"""Demo data loaders, registered by each app and run in order by ``manage.py load_demo``.

Every loader must be idempotent: running ``load_demo`` twice leaves the same data.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    name: str
    order: int
    load: Callable[..., None]


_loaders: dict[str, DemoLoader] = {}


def register(name: str, *, order: int):
    def decorator(func: Callable[..., None]) -> Callable[..., None]:
        _loaders[name] = DemoLoader(name, order, func)
        return func

    return decorator


def loaders() -> list[DemoLoader]:
    return sorted(_loaders.values(), key=lambda loader: (loader.order, loader.name))
