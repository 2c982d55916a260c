"""What every service needs: the store, who is acting, the clock, the framework catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.frameworks import FrameworkCatalog
from qpm_desktop.store.db import Store
from qpm_desktop.store.files import AttachmentFiles


@dataclass
class ServiceContext:
    store: Store
    actor: str
    attachments_dir: Path
    clock: Callable[[], datetime] = utc_now
    frameworks: FrameworkCatalog = field(init=False)

    def __post_init__(self) -> None:
        self.frameworks = FrameworkCatalog(self.store)

    def file_store(self, folder: Path | None = None) -> AttachmentFiles:
        """Content-addressed files under ``folder`` (default: the attachments), sealed with a
        key derived from the database key when the database is encrypted."""
        key = self.store.key.derive("files") if self.store.key is not None else None
        return AttachmentFiles(folder or self.attachments_dir, key)
