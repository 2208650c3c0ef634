"""Every record of the bundled corpus follows the codebook and the format."""
import json

import pycountry
import pytest

from toolkit._actors import ORGANISATION_CODES
from toolkit import InputError
from toolkit.datasets import corpus_path, load_corpus, load_gold

STANCES = {"threatening", "condemning", "neutral"}
SOURCE_TYPES = {"news", "state_media", "government_statement", "intl_org"}


def valid_code(code):
    return code in ORGANISATION_CODES or code in {"AUTHOR", "XKX", "PSE", "TWN"} or \
        pycountry.countries.get(alpha_3=code) is not None


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


def test_schema(corpus):
    docs, sents = corpus
    assert {"doc_id", "source_type", "date", "title", "text"} <= set(docs.columns)
    assert {"doc_id", "sent_idx", "start", "end", "text", "speaker", "actor", "stance", "target"} <= set(sents.columns)
    assert docs["doc_id"].is_unique
    assert set(docs["source_type"]) <= SOURCE_TYPES
    assert docs["date"].str.fullmatch(r"20(1[5-9]|2[0-5])-\d\d-\d\d").all()


def test_labels_and_codes(corpus):
    _, sents = corpus
    assert set(sents["stance"]) <= STANCES
    assert all(valid_code(a) for a in sents["actor"])
    hostile = sents["stance"] != "neutral"
    assert all(valid_code(t) and t != "AUTHOR" for t in sents.loc[hostile, "target"])
    assert (sents.loc[~hostile, "target"] == "").all()
    writer = sents["speaker"] == "AUTHOR"
    assert (writer == (sents["actor"] == "AUTHOR")).all()
    assert (sents.loc[writer, "stance"] == "neutral").all()  # codebook rule 1


def test_offsets_round_trip_and_tile_documents(corpus):
    docs, sents = corpus
    texts = dict(zip(docs["doc_id"], docs["text"]))
    for doc_id, group in sents.groupby("doc_id"):
        text = texts[doc_id]
        assert group["sent_idx"].tolist() == list(range(len(group)))
        pos = 0
        for row in group.itertuples():
            assert text[row.start:row.end] == row.text
            assert row.start >= pos and text[pos:row.start].strip() == ""
            pos = row.end
        assert text[pos:].strip() == ""
    assert set(sents["doc_id"]) == set(docs["doc_id"])


def test_split_covers_every_document_once(corpus):
    docs, _ = corpus
    split = json.loads((corpus_path() / "split.json").read_text(encoding="utf-8"))
    assert set(split) == set(docs["doc_id"])
    assert set(split.values()) == {"train", "dev", "test"}
    parts = [set(load_corpus(s)[0]["doc_id"]) for s in ("train", "dev", "test")]
    assert not (parts[0] & parts[1]) and not (parts[0] & parts[2]) and not (parts[1] & parts[2])
    assert parts[0] | parts[1] | parts[2] == set(docs["doc_id"])


def test_unknown_split_is_refused():
    with pytest.raises(ValueError, match="split must be one of"):
        load_corpus("validation")


# ------------------------------------------------------ a user's labelled set (load_gold)

_DOCS = ('{"doc_id": "a", "text": "Seoul condemned the launch."}\n'
         '{"doc_id": "b", "text": "The army vowed to strike back."}\n')


@pytest.mark.parametrize("documents, sentence, message", [
    (_DOCS, '{"doc_id": "c", "start": 0, "end": 5, "stance": "neutral"}', r"doc_id 'c' is not in \S*docs\.jsonl$"),
    (_DOCS, '{"doc_id": "a", "start": 0, "end": 99, "stance": "condemning"}',
     r"offsets 0-99 are not a span of document 'a' \(27 characters\)"),
    (_DOCS, '{"doc_id": "a", "start": "0", "end": 27, "stance": "condemning"}',
     "field 'start' is '0', not a character offset"),
    (_DOCS, '{"doc_id": "a", "start": 0, "stance": "neutral"}', "record has no 'end'"),
    (_DOCS, '{"doc_id": "a", "start": 0, "end": 27, "stance": "hostile"}',
     "field 'stance' is 'hostile', not one of threatening, condemning, neutral"),
    (_DOCS + '{"doc_id": "a", "text": "Again."}\n', '{"doc_id": "a", "start": 0, "end": 27, "stance": "neutral"}',
     r"docs\.jsonl, line 3: doc_id 'a' appears more than once"),
])
def test_labelled_set_errors_name_the_file_and_line(tmp_path, documents, sentence, message):
    docs, sents = tmp_path / "docs.jsonl", tmp_path / "gold.jsonl"
    docs.write_text(documents, encoding="utf-8")
    sents.write_text('{"doc_id": "b", "start": 0, "end": 30, "stance": "threatening"}\n\n' + sentence + "\n",
                     encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        load_gold(docs, sents)
    if "docs.jsonl, line" not in str(caught.value):  # a sentence's fault: the blank line counts
        assert str(caught.value).startswith(f"{sents}, line 3: ")


def test_labelled_set_needs_json_lines_and_fields(tmp_path):
    docs, sents = tmp_path / "docs.jsonl", tmp_path / "gold.jsonl"
    docs.write_text(_DOCS, encoding="utf-8")
    sents.write_text('{"doc_id": "a", "begin": 0, "end": 27}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"gold\.jsonl: records have no 'start', 'stance' field"):
        load_gold(docs, sents)
    table = tmp_path / "docs.csv"
    table.write_text("doc_id,text\na,Seoul condemned the launch.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"docs\.csv: a labelled set is read from JSON Lines files"):
        load_gold(table, sents)
