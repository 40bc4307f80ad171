"""Put generated files into the built site together: made in a temporary folder, moved in only when all
of them are complete (a failed run leaves the site as it was). Used by the cards and the teacher's kit."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def publish(site: Path, folder: str, make: Callable[[Path], list[Path]]) -> list[Path]:
    """Call `make(work_folder)`, then move the files it returns into `site/folder`."""
    target = site / folder
    with tempfile.TemporaryDirectory(prefix=f"{folder}-") as tmp:
        made = make(Path(tmp))
        target.mkdir(parents=True, exist_ok=True)
        moved = []
        for path in made:
            shutil.move(str(path), target / path.name)
            moved.append(target / path.name)
    return moved
