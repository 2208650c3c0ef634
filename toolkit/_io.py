"""Reading articles into a document table, and writing result tables."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from ._errors import InputError

__all__ = ["read_documents", "write_table", "check_output_path", "DOCUMENT_COLUMNS"]

#: Columns every document table has, in this order; other input columns follow.
DOCUMENT_COLUMNS = ["doc_id", "date", "title", "author", "text"]

_DATE_LINE = re.compile(r"\A\ufeff?date[ \t]*:?[ \t]*(\d{4}-\d{2}-\d{2})[ \t]*\r?\n")
_TABLE_SUFFIXES = {".jsonl", ".csv", ".parquet"}
_OUTPUT_SUFFIXES = (".csv", ".jsonl", ".parquet")


def read_documents(source, *, text_column: str = "text") -> pd.DataFrame:
    """Read articles into a table with one row per document.

    Parameters
    ----------
    source : str, Path, pandas.DataFrame or list of these
        A ``.txt`` file (its first line may be ``date YYYY-MM-DD``; the rest is the text),
        a folder of ``.txt`` files (read recursively, sorted by path), a ``.jsonl``, ``.csv``
        or ``.parquet`` file with one record per document, or a DataFrame. A list reads
        each source and concatenates the results.
    text_column : str, default "text"
        Name of the required text field in tabular input.

    Returns
    -------
    pandas.DataFrame
        Columns ``doc_id``, ``date``, ``title``, ``author``, ``text``, then any other
        input columns, carried through unchanged. ``doc_id`` defaults to the file name
        without its extension, or ``<file stem>-<row>`` for tabular files (``row-<n>``
        for a DataFrame). Missing optional fields are ``None``.

    Raises
    ------
    InputError
        For a missing file, a folder without ``.txt`` files, a JSONL line that is not
        JSON, a record without text, a file that is not UTF-8, an unsupported file type,
        or duplicate ``doc_id`` values. The message names the file and line or field.

    Examples
    --------
    >>> import pandas as pd
    >>> docs = read_documents(pd.DataFrame({"text": ["Seoul said so."], "date": ["2024-01-02"]}))
    >>> docs[["doc_id", "date", "text"]].to_dict("records")
    [{'doc_id': 'row-0', 'date': '2024-01-02', 'text': 'Seoul said so.'}]
    """
    if isinstance(source, (list, tuple)):
        if not source:
            raise InputError("no input given")
        frames = [read_documents(s, text_column=text_column) for s in source]
        return _finish(pd.concat(frames, ignore_index=True), "the inputs")
    if isinstance(source, pd.DataFrame):
        return _finish(_from_frame(source.copy(), "the DataFrame", "row-", text_column), "the DataFrame")
    path = Path(source)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*.txt") if p.is_file())
        if not files:
            raise InputError(f"{path}: folder has no .txt articles")
        return _finish(pd.DataFrame([_read_txt(p) for p in files]), str(path))
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return _finish(pd.DataFrame([_read_txt(path)]), str(path))
    if suffix in _TABLE_SUFFIXES:
        frame = _read_table(path, suffix)
        return _finish(_from_frame(frame, str(path), f"{path.stem}-", text_column), str(path))
    raise InputError(f"{path}: unsupported file type {suffix or '(none)'}; "
                     "use .txt, a folder, .jsonl, .csv or .parquet")


def _read_text_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); re-save it as UTF-8") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _read_txt(path: Path) -> dict:
    raw = _read_text_file(path)
    match = _DATE_LINE.match(raw)
    date, text = (match.group(1), raw[match.end():]) if match else (None, raw.lstrip("\ufeff"))
    return {"doc_id": path.stem, "date": date, "text": text, "source_file": str(path)}


def _read_table(path: Path, suffix: str) -> pd.DataFrame:
    if suffix == ".jsonl":
        records = []
        for lineno, line in enumerate(_read_text_file(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}, line {lineno}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise InputError(f"{path}, line {lineno}: expected a JSON object, got {type(record).__name__}")
            records.append(record)
        return pd.DataFrame.from_records(records)
    if suffix == ".csv":
        _read_text_file(path)  # names the file if it is not UTF-8
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{path}: cannot parse CSV ({exc})") from None
    try:
        return pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types
        raise InputError(f"{path}: cannot read Parquet ({exc})") from None


def _from_frame(frame: pd.DataFrame, where: str, id_prefix: str, text_column: str) -> pd.DataFrame:
    if text_column not in frame.columns:
        raise InputError(f"{where}: no '{text_column}' field (columns: {', '.join(map(str, frame.columns)) or 'none'})")
    if text_column != "text":
        frame = frame.rename(columns={text_column: "text"})
    bad = [i for i, t in enumerate(frame["text"]) if not isinstance(t, str)]
    if bad:
        row = bad[0]
        hint = f"line {row + 1}" if where.endswith(".jsonl") else f"row {row}"
        raise InputError(f"{where}, {hint}: record has no text (field 'text' is {frame['text'].iloc[row]!r})")
    if "doc_id" not in frame.columns:
        frame.insert(0, "doc_id", [f"{id_prefix}{i}" for i in range(len(frame))])
    else:
        ids = frame["doc_id"]
        missing = ids.isna() | (ids.astype(str) == "")
        frame["doc_id"] = [f"{id_prefix}{i}" if m else str(v) for i, (v, m) in enumerate(zip(ids, missing))]
    return frame


def _finish(frame: pd.DataFrame, where: str) -> pd.DataFrame:
    dupes = frame["doc_id"][frame["doc_id"].duplicated()].unique()
    if len(dupes):
        raise InputError(f"{where}: doc_id {dupes[0]!r} appears more than once")
    for col in DOCUMENT_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    frame["date"] = pd.Series([_normalise_date(v, where) for v in frame["date"]], index=frame.index, dtype=object)
    others = [c for c in frame.columns if c not in DOCUMENT_COLUMNS]
    out = frame[DOCUMENT_COLUMNS + others].reset_index(drop=True)
    out["doc_id"] = out["doc_id"].astype(str)
    return out


def _normalise_date(value, where: str):
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)) or value == "":
        return None
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        raise InputError(f"{where}: field 'date' has {value!r}, not a date (use YYYY-MM-DD)") from None


def check_output_path(path) -> Path:
    """``path`` as a Path if its extension is one :func:`write_table` can write, else an InputError.

    Call it before long work so that a wrong name fails at once.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _OUTPUT_SUFFIXES:
        raise InputError(f"{path}: unknown output extension {suffix or '(none)'}; use {', '.join(_OUTPUT_SUFFIXES)}")
    return path


def write_table(table: pd.DataFrame, path) -> Path:
    """Write a result table as CSV, JSON Lines or Parquet, chosen by the file extension.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to write.
    path : str or Path
        Output file ending in ``.csv``, ``.jsonl`` or ``.parquet``; its folder is created.

    Returns
    -------
    Path
        The path written.
    """
    path = check_output_path(path)
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        table.to_csv(path, index=False)
    elif suffix == ".jsonl":
        table.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        table.to_parquet(path, index=False)
    return path

