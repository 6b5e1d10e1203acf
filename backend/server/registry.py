"""Engines and motion generators by name.

What is installed comes from one table in each package: `backend.engines.ENGINES` (by name) and
`backend.motion.GENERATORS` (by kind), each mapping to "module:Class". Classes are imported only
when first needed, so a server that never renders with an engine never imports its dependencies.
Tests and embedders pass their own tables or register classes and instances.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Mapping

from backend.engines import ENGINES
from backend.engines.base import Engine, EngineUnavailable
from backend.motion import GENERATORS
from backend.motion.base import MotionGenerator

log = logging.getLogger("mvportrait.server")


class UnknownEngine(LookupError):
    """No engine of that name is installed (or offered) on this server."""


class GeneratorUnavailable(LookupError):
    """No motion generator for that kind is installed on this server."""


def _import(target: str):
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


class Registry:
    def __init__(self, engines: Mapping[str, object] | None = None, generators: Mapping[str, object] | None = None):
        """`engines` and `generators` replace the packages' tables (None: use them)."""
        self._engine_targets: dict[str, object] = dict(ENGINES if engines is None else engines)
        self._generator_targets: dict[str, object] = dict(GENERATORS if generators is None else generators)
        self._engines: dict[str, Engine] = {}
        self._failures: dict[str, str] = {}
        self._building: dict[str, threading.Lock] = {}
        self._generators: dict[str, MotionGenerator] = {}
        self._lock = threading.Lock()

    def register_engine(self, name: str, target: "str | type[Engine] | Engine") -> None:
        with self._lock:
            self._engine_targets[name] = target
            self._engines.pop(name, None)

    def register_generator(self, kind: str, target: "str | type[MotionGenerator] | MotionGenerator") -> None:
        with self._lock:
            self._generator_targets[kind] = target
            self._generators.pop(kind, None)

    def restrict(self, names) -> None:
        """Offer only these engines (a server configured for a subset of what is installed)."""
        wanted = list(names)
        missing = [n for n in wanted if n not in self._engine_targets]
        if missing:
            raise ValueError(f"engine(s) {', '.join(missing)} not installed; installed: "
                                f"{', '.join(sorted(self._engine_targets))}")
        with self._lock:
            self._engine_targets = {n: self._engine_targets[n] for n in wanted}
            self._engines = {n: e for n, e in self._engines.items() if n in self._engine_targets}

    def engine_targets(self) -> dict[str, object]:
        """The table of offered engines (name → "module:Class", class or instance), for building them elsewhere
        (a cluster's actors)."""
        with self._lock:
            return dict(self._engine_targets)

    def generator_targets(self) -> dict[str, object]:
        with self._lock:
            return dict(self._generator_targets)

    def engine_names(self) -> list[str]:
        return sorted(self._engine_targets)

    def generator_kinds(self) -> list[str]:
        return sorted(self._generator_targets)

    def ready_engine(self, name: str) -> Engine | None:
        """The engine if it is built, None if not yet; never blocks (for the I/O thread)."""
        with self._lock:
            self._check_engine(name)
            return self._engines.get(name)

    def engine(self, name: str) -> Engine:
        """The engine, built on first use; other engines can be used while one builds."""
        with self._lock:
            self._check_engine(name)
            if name in self._engines:
                return self._engines[name]
            building = self._building.setdefault(name, threading.Lock())
            target = self._engine_targets[name]
        with building:
            with self._lock:
                self._check_engine(name)
                if name in self._engines:
                    return self._engines[name]
            try:
                engine = _instantiate(target)
            except Exception as exc:
                log.exception("engine %s could not be built", name)
                with self._lock:
                    self._failures[name] = f"{type(exc).__name__}: {exc}"
                self._check_engine(name)
            with self._lock:
                self._engines[name] = engine
            return engine

    def _check_engine(self, name: str) -> None:
        if name not in self._engine_targets:
            raise UnknownEngine(f"engine {name!r} is not available on this server; available: "
                                f"{', '.join(sorted(self._engine_targets)) or 'none'}")
        if name in self._failures:
            raise EngineUnavailable(f"engine {name!r} is installed but failed to load on this server "
                                    f"({self._failures[name]}); the server admin must fix it and restart")

    def has_generator(self, kind: str) -> bool:
        return kind in self._generator_targets

    def generator(self, kind: str) -> MotionGenerator:
        """The generator for `kind`, built on first use (by a worker: it may import heavy models)."""
        with self._lock:
            if kind in self._generators:
                return self._generators[kind]
            if kind not in self._generator_targets:
                raise GeneratorUnavailable(unavailable_generator(kind))
            generator = _instantiate(self._generator_targets[kind])
            self._generators[kind] = generator
            return generator


def unavailable_generator(kind: str) -> str:
    return (f"no {kind}→motion generator is installed on this server (needed: a MotionGenerator of kind "
            f"{kind!r}); motion generation from {kind} arrives with its own issue")


def _instantiate(target: object):
    if isinstance(target, str):
        target = _import(target)
    return target() if isinstance(target, type) else target
