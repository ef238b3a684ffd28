"""The peers, HIPS autograd and PyTorch eager, loaded only when installed.

They are optional (``pip install .[bench]`` brings autograd; PyTorch is
installed by hand, see the package docstring), so they are imported by name
at run time and typed ``Any``: the suite never makes mypy read PyTorch.

>>> peers = Peers.load(enabled=False)
>>> peers.torch is None and peers.autograd is None
True
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

__all__ = ["Peers"]


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


@dataclass(frozen=True)
class Peers:
    """The peer libraries found: ``torch``, ``autograd`` (its package) and
    ``anp`` (``autograd.numpy``); None when missing or disabled."""

    torch: Any = None
    autograd: Any = None
    anp: Any = None

    @classmethod
    def load(cls, enabled: bool = True) -> Peers:
        """Import the installed peers; PyTorch is pinned to one thread like numpy.

        >>> Peers.load(enabled=False).versions()
        {'torch': None, 'autograd': None}
        """
        if not enabled:
            return cls()
        torch = _optional("torch")
        if torch is not None:
            torch.set_num_threads(1)
        autograd = _optional("autograd")
        anp = _optional("autograd.numpy") if autograd is not None else None
        return cls(torch=torch, autograd=autograd, anp=anp)

    def versions(self) -> dict[str, str | None]:
        """The peers' versions, for the JSON report.

        >>> Peers().versions()
        {'torch': None, 'autograd': None}
        """
        return {
            "torch": None if self.torch is None else str(self.torch.__version__),
            "autograd": None if self.autograd is None else _version("autograd"),
        }


def _version(dist: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return None
