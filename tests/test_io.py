import json

import pandas as pd
import pytest

from toolkit import InputError, read_documents, write_table


def test_txt_with_date_line(tmp_path):
    f = tmp_path / "kcna-1.txt"
    f.write_text("date 2024-01-05\nPyongyang, Jan. 5 (KCNA) -- The statement said so.\n", encoding="utf-8")
    docs = read_documents(f)
    assert docs.loc[0, "doc_id"] == "kcna-1"
    assert docs.loc[0, "date"] == "2024-01-05"
    assert docs.loc[0, "text"].startswith("Pyongyang")


def test_txt_without_date_line_keeps_all_text(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Seoul said nothing.", encoding="utf-8")
    docs = read_documents(f)
    assert docs.loc[0, "date"] is None
    assert docs.loc[0, "text"] == "Seoul said nothing."


def test_folder_is_read_recursively_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text("date 2020-02-02\nA text.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    docs = read_documents(tmp_path)
    assert docs["doc_id"].tolist() == ["b", "a"]
    assert docs["date"].tolist() == [None, "2020-02-02"]


def test_jsonl_carries_extra_columns(tmp_path):
    f = tmp_path / "docs.jsonl"
    rows = [{"doc_id": "x1", "text": "One.", "date": "2019-03-04", "outlet": "Wire", "author": "KCNA"},
            {"text": "Two.", "title": "T"}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = read_documents(f)
    assert docs["doc_id"].tolist() == ["x1", "docs-1"]
    assert docs.loc[0, "outlet"] == "Wire"
    assert docs.loc[0, "author"] == "KCNA"
    assert list(docs.columns[:5]) == ["doc_id", "date", "title", "author", "text"]


def test_csv_and_parquet_and_dataframe(tmp_path):
    frame = pd.DataFrame({"text": ["Alpha.", "Beta."], "date": ["2021-01-01", "2021-01-02"], "lang": ["en", "en"]})
    frame.to_csv(tmp_path / "d.csv", index=False)
    frame.to_parquet(tmp_path / "d.parquet")
    for source in (tmp_path / "d.csv", tmp_path / "d.parquet", frame):
        docs = read_documents(source)
        assert docs["text"].tolist() == ["Alpha.", "Beta."]
        assert docs["lang"].tolist() == ["en", "en"]
    assert read_documents(frame)["doc_id"].tolist() == ["row-0", "row-1"]


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_documents(tmp_path / "nope.txt")


def test_folder_without_articles(tmp_path):
    (tmp_path / "x.md").write_text("no", encoding="utf-8")
    with pytest.raises(InputError, match="no .txt articles"):
        read_documents(tmp_path)


@pytest.mark.parametrize("name,content,message", [
    ("bad.jsonl", '{"text": "ok"}\n{"text": "broken\n', r"bad\.jsonl, line 2: not valid JSON"),
    ("r.jsonl", '{"text": "ok"}\n{"title": "no text"}\n', r"r\.jsonl, line 2: record has no text"),
    ("l.jsonl", '{"text": "ok"}\n\n[1, 2]\n', r"l\.jsonl, line 3: expected a JSON object, got list"),
    ("d.jsonl", '{"text": "a", "date": "2024-01-02"}\n\n{"text": "b", "date": "yesterday"}\n',
     r"d\.jsonl, line 3: field 'date' has 'yesterday'"),  # the blank line counts
    ("d.csv", "text,date\na,2024-01-02\nb,2024-01-03\nc,soon\n",
     r"d\.csv, row 4: field 'date' has 'soon'"),  # spreadsheet numbering: the header is row 1
])
def test_bad_record_names_file_and_record(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_documents(f)


def test_bad_record_in_a_folder_or_dataframe_is_named(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2024-01-02\nSeoul said so.\n", encoding="utf-8")
    (folder / "b.txt").write_text("date 2024-13-40\nPyongyang said so.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"b\.txt, line 1: field 'date' has '2024-13-40'"):
        read_documents(folder)
    frame = pd.DataFrame({"text": ["a", "b"], "date": ["2024-01-02", "never"]}, index=[7, 9])
    with pytest.raises(InputError, match=r"the DataFrame, index 9: field 'date'"):
        read_documents(frame)
    with pytest.raises(InputError, match="no 'text' field"):
        read_documents(pd.DataFrame({"body": ["x"]}))


def test_line_separators_inside_jsonl_strings_keep_the_record_whole(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text('{"text": "first"}\n{"text": "one\u2028record"}\n', encoding="utf-8")
    assert read_documents(f)["text"].tolist() == ["first", "one\u2028record"]


def test_non_utf8_file_is_named(tmp_path):
    f = tmp_path / "latin.txt"
    f.write_bytes("Caf\xe9 talks".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.txt: not UTF-8"):
        read_documents(f)


def test_unknown_input_and_output_extensions(tmp_path):
    f = tmp_path / "a.docx"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="unsupported file type"):
        read_documents(f)
    with pytest.raises(InputError, match="unknown output extension"):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "out.xlsx")


def test_duplicate_ids_rejected():
    with pytest.raises(InputError, match="more than once"):
        read_documents(pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}))


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_write_table_round_trip(tmp_path, suffix):
    table = pd.DataFrame({"doc_id": ["a"], "stance": ["neutral"], "p_neutral": [0.9]})
    path = write_table(table, tmp_path / "sub" / f"out{suffix}")
    back = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
            ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](path)
    assert back["stance"].tolist() == ["neutral"]
