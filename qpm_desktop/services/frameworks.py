"""Framework versions: imported once into the database, parsed once per process."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qpm_desktop.model.framework import Framework, parse_framework
from qpm_desktop.services.clock import utc_now
from qpm_desktop.store.db import Store
from qpm_desktop.store.tables import FrameworkVersion


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    key: str
    title: str
    version: str
    placeholder: bool


class FrameworkCatalog:
    """The framework versions this database holds, each parsed at most once.

    A stored version is never replaced: assessments are pinned to the exact text they were
    created with. Importing different content under a key that exists is refused.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._parsed: dict[str, Framework] = {}

    def import_file(self, path: Path) -> FrameworkInfo:
        data = Path(path).read_bytes()
        return self.import_bytes(data, source=Path(path).name)

    def import_bytes(self, data: bytes, *, source: str) -> FrameworkInfo:
        framework = parse_framework(data, source)
        # Stored and compared as canonical JSON, so the same framework reformatted is the same
        # framework on every device and on the central store.
        digest = framework.sha256
        with self._store.write() as session:
            existing = session.get(FrameworkVersion, framework.key)
            if existing is not None:
                if existing.sha256 != digest:
                    raise ValueError(
                        f"{source}: framework {framework.key} is already stored with different "
                        "content; give the changed framework a new version"
                    )
            else:
                session.add(
                    FrameworkVersion(
                        key=framework.key,
                        framework_id=framework.id,
                        version=framework.version,
                        title=framework.title.en,
                        placeholder=framework.placeholder,
                        content=framework.canonical_json(),
                        sha256=digest,
                        imported_at=utc_now(),
                    )
                )
        self._parsed[framework.key] = framework
        return _info(framework)

    def get(self, key: str) -> Framework:
        framework = self._parsed.get(key)
        if framework is None:
            with self._store.read() as session:
                row = session.get(FrameworkVersion, key)
                if row is None:
                    raise KeyError(f"framework {key} is not in this database")
                framework = parse_framework(row.content, f"stored framework {key}")
            self._parsed[key] = framework
        return framework

    def info(self, key: str) -> FrameworkInfo:
        return _info(self.get(key))


def _info(framework: Framework) -> FrameworkInfo:
    return FrameworkInfo(
        key=framework.key,
        title=framework.title.en,
        version=framework.version,
        placeholder=framework.placeholder,
    )
