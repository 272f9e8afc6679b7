"""Package attributes imported from their modules on first use (PEP 562), so that importing a
package for one light submodule does not load what its siblings need."""
from __future__ import annotations

import importlib
from typing import Callable


def lazy_names(package: str, where: dict[str, tuple[str, ...]]) -> tuple[list[str], Callable, Callable]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for ``package``, whose names live in the
    modules ``where`` maps (relative module -> names)."""
    module_of = {name: module for module, names in where.items() for name in names}

    def __getattr__(name: str):
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(importlib.import_module(package), name, value)  # looked up once
        return value

    def __dir__():
        return sorted(set(vars(importlib.import_module(package))) | set(module_of))

    return sorted(module_of), __getattr__, __dir__
