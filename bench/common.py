"""What the benchmark scripts share."""

from __future__ import annotations

from pathlib import Path


def shared_data() -> Path:
    """../shared/data beside the repository (or beside the folder holding a worktree)."""
    root = Path(__file__).resolve().parents[1]
    for base in (root.parent, root.parent.parent):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return root.parent / "shared" / "data"
