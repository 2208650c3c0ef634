"""The code style settings of ``pyproject.toml`` hold for the whole repository (``ruff check .``)."""
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_repository_passes_ruff():
    pytest.importorskip("ruff", reason="ruff comes with the dev extra")
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
