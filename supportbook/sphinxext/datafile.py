"""One data file the build reads (crisis resources, the triage ladder): found, validated once, kept.

Each file is named by a config value (empty: the packaged default), loaded when the builder starts so
that bad data stops the build before any page is read, and kept on the build environment for every
reader process. Every page that shows its facts records the file as a dependency, so editing it re-reads
exactly those pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

T = TypeVar("T")


@dataclass(frozen=True)
class DataFile(Generic[T]):
    config_name: str  # also the environment attribute that keeps the loaded data
    default: Path
    load: Callable[[Path], T]
    data_error: type[Exception]  # what `load` raises for bad data
    build_error: type[ExtensionError]  # what the build raises instead, with the same message

    def path(self, app: Sphinx) -> Path:
        configured = app.config[self.config_name]
        if not configured:
            return self.default
        path = Path(configured)
        return path if path.is_absolute() else Path(app.srcdir) / path

    def on_builder_inited(self, app: Sphinx) -> None:
        try:
            loaded = self.load(self.path(app))
        except self.data_error as exc:
            raise self.build_error(str(exc)) from None
        setattr(app.env, self.config_name, loaded)

    def get(self, env: BuildEnvironment) -> T:
        loaded = getattr(env, self.config_name, None)
        if loaded is None:  # only when the extension is used without a builder
            loaded = self.load(self.path(env.app))
            setattr(env, self.config_name, loaded)
        env.note_dependency(str(loaded.path))
        return loaded

    def setup(self, app: Sphinx) -> None:
        app.add_config_value(self.config_name, "", "env", types=[str])
        app.connect("builder-inited", self.on_builder_inited, priority=400)


