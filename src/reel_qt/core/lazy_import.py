"""Modules loaded on first use, so start-up does not pay for what the first screen skips."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module called name, executed only when one of its attributes is first read.

    An import already done (or under way) is returned as it is. Meant for big libraries
    used behind a user action (libmpv's bindings load ~0.13 s of Python and a C library).

    Raises:
        ModuleNotFoundError: no module of that name is installed.
    """
    found = sys.modules.get(name)
    if found is not None:
        return found
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
