"""Build the annotated corpus from the hand-written article files in ``datasets/raw/``.

Each article is one UTF-8 text file::

    doc_id: ko-001
    source_type: news
    date: 2019-03-04
    title: North Korea warns of "countermeasures" after joint drills
    kind: conflict

    speaker | ACTOR | stance | TARGET | hard-case tag | Sentence text.
    AUTHOR | AUTHOR | neutral | | | The next sentence of the same paragraph.

    speaker | ACTOR | stance | TARGET | | First sentence of the next paragraph.

The header ends at the first blank line.  After it every non-blank line is one
sentence; a blank line starts a new paragraph.  Sentences of a paragraph are
joined by one space, paragraphs by a blank line, and the offsets of every
sentence into the joined text are recorded.

Run ``python datasets/build_corpus.py`` to write ``datasets/corpus/`` or
``python datasets/build_corpus.py --check FILE_OR_DIR ...`` to validate files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
OUT = HERE / "corpus"

SOURCE_TYPES = {"news", "state_media", "government_statement", "intl_org"}
KINDS = {"conflict", "ordinary"}
STANCES = {"threatening", "condemning", "neutral"}
ORGS = {"UN", "EU", "NATO", "IAEA", "G7", "G20", "ASEAN", "AU", "LAS", "CARICOM", "OSCE",
        "GCC", "OAS", "ECOWAS", "SCO", "BRICS", "IMF", "WB", "WHO", "PIF", "CSTO", "OIC",
        "SADC", "IGAD", "EAC", "CIS", "QUAD", "OPEC", "WTO", "ICC", "ICJ", "MERCOSUR", "CELAC",
        "UNHCR", "UNICEF", "WFP", "ICRC", "OTHER", "AUTHOR"}
EXTRA_STATES = {"XKX", "PSE", "TWN"}
HEADER_KEYS = ("doc_id", "source_type", "date", "title", "kind")


def _state_codes() -> set[str]:
    try:
        import pycountry
    except ImportError:  # the checker still works, with a looser code check
        return set()
    return {c.alpha_3 for c in pycountry.countries}


STATES = _state_codes()


def valid_code(code: str) -> bool:
    """Whether ``code`` is an actor code allowed by the codebook."""
    if code in ORGS or code in EXTRA_STATES:
        return True
    if STATES:
        return code in STATES
    return bool(re.fullmatch(r"[A-Z]{3}", code))


class ArticleError(ValueError):
    """A raw article file that does not follow the format."""


def parse_article(path: Path) -> tuple[dict, list[dict]]:
    """Parse one raw article file into a document record and its sentence records."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header: dict[str, str] = {}
    i = 0
    while i < len(lines) and lines[i].strip():
        key, sep, value = lines[i].partition(":")
        if not sep or key.strip() not in HEADER_KEYS:
            raise ArticleError(f"{path}:{i + 1}: header line must be one of {HEADER_KEYS} 'key: value'")
        header[key.strip()] = value.strip()
        i += 1
    missing = [k for k in HEADER_KEYS if not header.get(k)]
    if missing:
        raise ArticleError(f"{path}: header lacks {missing}")
    if header["source_type"] not in SOURCE_TYPES:
        raise ArticleError(f"{path}: source_type must be one of {sorted(SOURCE_TYPES)}")
    if header["kind"] not in KINDS:
        raise ArticleError(f"{path}: kind must be one of {sorted(KINDS)}")
    if not re.fullmatch(r"20(1[5-9]|2[0-5])-\d\d-\d\d", header["date"]):
        raise ArticleError(f"{path}: date must be YYYY-MM-DD between 2015 and 2025")

    paragraphs: list[list[tuple[int, list[str]]]] = [[]]
    for lineno in range(i, len(lines)):
        line = lines[lineno].strip()
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        parts = [p.strip() for p in line.split("|", 5)]
        if len(parts) != 6:
            raise ArticleError(f"{path}:{lineno + 1}: expected 'speaker | ACTOR | stance | TARGET | tag | text'")
        paragraphs[-1].append((lineno + 1, parts))
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        raise ArticleError(f"{path}: no sentences")

    text_parts: list[str] = []
    sentences: list[dict] = []
    pos = 0
    for p_idx, para in enumerate(paragraphs):
        if p_idx:
            text_parts.append("\n\n")
            pos += 2
        for s_idx, (lineno, (speaker, actor, stance, target, tag, sent)) in enumerate(para):
            where = f"{path}:{lineno}"
            if s_idx:
                text_parts.append(" ")
                pos += 1
            if not sent:
                raise ArticleError(f"{where}: empty sentence text")
            if "|" in sent:
                raise ArticleError(f"{where}: '|' inside the sentence text (a field separator left over?)")
            if not speaker:
                raise ArticleError(f"{where}: empty speaker (use AUTHOR for the writer)")
            if stance not in STANCES:
                raise ArticleError(f"{where}: stance {stance!r} not in {sorted(STANCES)}")
            if not valid_code(actor):
                raise ArticleError(f"{where}: unknown actor code {actor!r}")
            if (speaker == "AUTHOR") != (actor == "AUTHOR"):
                raise ArticleError(f"{where}: speaker AUTHOR goes with actor AUTHOR and only with it")
            if actor == "AUTHOR" and stance != "neutral":
                raise ArticleError(f"{where}: the writer's own sentences are neutral (codebook rule 1)")
            if stance == "neutral" and target:
                raise ArticleError(f"{where}: neutral sentences have no target")
            if stance != "neutral" and not target:
                raise ArticleError(f"{where}: a {stance} sentence needs a target")
            if target and (not valid_code(target) or target == "AUTHOR"):
                raise ArticleError(f"{where}: unknown target code {target!r}")
            text_parts.append(sent)
            sentences.append({
                "doc_id": header["doc_id"], "sent_idx": len(sentences), "start": pos,
                "end": pos + len(sent), "text": sent, "speaker": speaker, "actor": actor,
                "stance": stance, "target": target, "hard_case": tag,
            })
            pos += len(sent)
    text = "".join(text_parts)
    for s in sentences:
        assert text[s["start"]:s["end"]] == s["text"]
    doc = {"doc_id": header["doc_id"], "source_type": header["source_type"], "date": header["date"],
           "title": header["title"], "kind": header["kind"], "text": text}
    return doc, sentences


def raw_files(paths: list[Path]) -> list[Path]:
    """All ``*.txt`` article files under the given files or folders, sorted."""
    found: list[Path] = []
    for p in paths:
        found.extend(sorted(p.rglob("*.txt")) if p.is_dir() else [p])
    return found


def split_of(doc_id: str) -> str:
    """The fixed split of a document: 70/15/15 by a hash of its id."""
    bucket = int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else ("dev" if bucket < 85 else "test")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", nargs="+", type=Path, help="only validate these files or folders")
    args = parser.parse_args(argv)
    files = raw_files(args.check or [RAW])
    docs, sents, errors, seen = [], [], [], {}
    for f in files:
        try:
            doc, ss = parse_article(f)
        except (ArticleError, UnicodeDecodeError) as exc:
            errors.append(str(exc))
            continue
        if doc["doc_id"] in seen:
            errors.append(f"{f}: doc_id {doc['doc_id']} already used by {seen[doc['doc_id']]}")
            continue
        seen[doc["doc_id"]] = f
        docs.append(doc)
        sents.extend(ss)
    for e in errors:
        print(e, file=sys.stderr)
    n_hard = sum(1 for s in sents if s["hard_case"])
    stances = {k: sum(s["stance"] == k for s in sents) for k in sorted(STANCES)}
    print(f"{len(docs)} articles, {len(sents)} sentences, {stances}, hard cases {n_hard}, errors {len(errors)}")
    if args.check:
        return 1 if errors else 0
    if errors:
        return 1
    OUT.mkdir(exist_ok=True)
    docs.sort(key=lambda d: d["doc_id"])
    order = {d["doc_id"]: i for i, d in enumerate(docs)}
    sents.sort(key=lambda s: (order[s["doc_id"]], s["sent_idx"]))
    with open(OUT / "documents.jsonl", "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    with open(OUT / "sentences.jsonl", "w", encoding="utf-8") as fh:
        for s in sents:
            fh.write(json.dumps(s, ensure_ascii=False) + "\n")
    split = {d["doc_id"]: split_of(d["doc_id"]) for d in docs}
    (OUT / "split.json").write_text(json.dumps(split, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
