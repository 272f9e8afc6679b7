"""The outlet registry (``patterns/outlets.yaml``): hosts whose province the host itself does not
spell, and national outlets."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from .patterns import load_yaml


@dataclass(frozen=True)
class Outlet:
    host: str
    province: Optional[str]  # the province it reports on; None for a national outlet
    national: bool


@lru_cache(maxsize=1)
def _registry() -> dict[str, Outlet]:
    data = load_yaml("outlets.yaml")
    out = {h: Outlet(h, None, True) for h in data.get("national") or []}
    for host, entry in (data.get("provincial") or {}).items():
        out[host] = Outlet(host, entry.get("province"), False)
    return out


def outlet_of(host: str) -> Optional[Outlet]:
    """The registry's entry for ``host`` (without "www."/"m."), or for a domain it is under."""
    reg = _registry()
    labels = host.lower().split(".")
    for i in range(len(labels) - 1):
        hit = reg.get(".".join(labels[i:]))
        if hit is not None:
            return hit
    return None
