"""The command registry: each command module registers its sub-commands here."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from pipeline.project import Project

Handler = Callable[[argparse.Namespace, Project], int]
COMMANDS: dict[str, tuple[str, Handler, Callable[[argparse.ArgumentParser], None]]] = {}


def command(name: str, help_: str, args: Callable[[argparse.ArgumentParser], None] = lambda p: None
            ) -> Callable[[Handler], Handler]:
    """Register a sub-command."""
    def wrap(fn: Handler) -> Handler:
        COMMANDS[name] = (help_, fn, args)
        return fn
    return wrap
