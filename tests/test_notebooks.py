"""Execute every notebook in ``notebooks/`` top to bottom; fail on any error.

The notebooks are stored without outputs and run here with nbclient in a ``python3`` kernel,
from the notebooks folder, with matplotlib's Agg backend (headless). After the last cell, every
figure still open is saved as PNG, so a chart that fails to render fails the test too. Set
``TOOLKIT_NOTEBOOK_FIGURES=DIR`` to keep those PNGs for review (``DIR/<notebook>/figN.png``);
otherwise they go to pytest's temporary folder.
"""
import os
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
TIMEOUT = 600  # seconds per cell

# Appended to each notebook: renders every open pyplot figure (Agg draws only on save).
SAVE_FIGURES = """
import matplotlib.pyplot as _plt
from pathlib import Path as _Path
_out = _Path({folder!r})
_out.mkdir(parents=True, exist_ok=True)
for _num in _plt.get_fignums():
    _plt.figure(_num).savefig(_out / f"fig{{_num}}.png", dpi=100)
_plt.close("all")
"""


def _ids(path):
    return path.stem


def test_notebooks_are_found():
    assert len(NOTEBOOKS) >= 4, f"expected the notebooks in {NOTEBOOK_DIR}, found {NOTEBOOKS}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    dirty = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, f"{path.name}: clear the outputs of cells {dirty} before committing"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids)
def test_notebook_runs(path, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    figures = Path(os.environ.get("TOOLKIT_NOTEBOOK_FIGURES") or tmp_path) / path.stem
    nb.cells.append(nbformat.v4.new_code_cell(SAVE_FIGURES.format(folder=str(figures))))
    monkeypatch.setenv("MPLBACKEND", "Agg")  # the kernel inherits it instead of the inline backend
    client = nbclient.NotebookClient(
        nb, timeout=TIMEOUT, kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first error

    warned = [
        out.text for cell in nb.cells for out in cell.get("outputs", [])
        if out.output_type == "stream" and out.name == "stderr"
        and ("FutureWarning" in out.text or "DeprecationWarning" in out.text)
    ]
    assert not warned, f"{path.name} shows deprecation warnings:\n" + "\n".join(warned)
