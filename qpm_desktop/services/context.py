"""What every service needs: the store, who is acting, the clock, the framework catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from qpm_desktop.services.clock import utc_now
from qpm_desktop.services.frameworks import FrameworkCatalog
from qpm_desktop.store.db import Store


@dataclass
class ServiceContext:
    store: Store
    actor: str
    attachments_dir: Path
    clock: Callable[[], datetime] = utc_now
    frameworks: FrameworkCatalog = field(init=False)

    def __post_init__(self) -> None:
        self.frameworks = FrameworkCatalog(self.store)
