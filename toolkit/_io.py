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
        a JSON object, a record without text, a date that is not a date, a file that is
        not UTF-8, an unsupported file type, or duplicate ``doc_id`` values. The message
        names the file and the record (``line 3`` of a JSONL or ``.txt`` file, ``row 4``
        of a CSV file counting the header as row 1, the index label of a DataFrame).

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
        places = [f"index {label!r}" for label in source.index]
        return _finish(_from_frame(source.copy(), "the DataFrame", "row-", text_column, places), "the DataFrame")
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
        frame, places = _read_table(path, suffix)
        return _finish(_from_frame(frame, str(path), f"{path.stem}-", text_column, places), str(path))
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
    return {"doc_id": path.stem, "date": _normalise_date(date, f"{path}, line 1"), "text": text,
            "source_file": str(path)}


def read_jsonl(path) -> tuple[list[dict], list[int]]:
    """The JSON objects of a JSON Lines file, and the line number of each.

    Lines end at newline characters only, so a record whose strings hold other line
    separators (U+2028, U+2029) stays whole. Blank lines are skipped.

    Raises
    ------
    InputError
        For a missing or unreadable file, text that is not UTF-8, a line that is not
        JSON or a line that holds something other than a JSON object.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    records, linenos = [], []
    for lineno, line in enumerate(_read_text_file(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}, line {lineno}: not valid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}, line {lineno}: expected a JSON object, got {type(record).__name__}")
        records.append(record)
        linenos.append(lineno)
    return records, linenos


def _read_table(path: Path, suffix: str) -> tuple[pd.DataFrame, list[str]]:
    """The records of a tabular file, and where each one is in it (``line 7``, ``row 3``)."""
    if suffix == ".jsonl":
        records, linenos = read_jsonl(path)
        return pd.DataFrame.from_records(records), [f"line {n}" for n in linenos]
    if suffix == ".csv":
        _read_text_file(path)  # names the file if it is not UTF-8
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(f"{path}: cannot parse CSV ({exc})") from None
        # spreadsheet numbering: the header is row 1
        return frame, [f"row {i + 2}" for i in range(len(frame))]
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises several unrelated types
        raise InputError(f"{path}: cannot read Parquet ({exc})") from None
    return frame, [f"row {i}" for i in range(len(frame))]


def _from_frame(frame: pd.DataFrame, where: str, id_prefix: str, text_column: str,
                places: list[str]) -> pd.DataFrame:
    """Check the text and date of each record; ``places`` says where each record is."""
    if text_column not in frame.columns:
        raise InputError(f"{where}: no '{text_column}' field (columns: {', '.join(map(str, frame.columns)) or 'none'})")
    if text_column != "text":
        frame = frame.rename(columns={text_column: "text"})
    for place, text in zip(places, frame["text"]):
        if not isinstance(text, str):
            raise InputError(f"{where}, {place}: record has no text (field '{text_column}' is {text!r})")
    if "date" in frame.columns:
        frame["date"] = [_normalise_date(value, f"{where}, {place}") for place, value in zip(places, frame["date"])]
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

