"""Learn Punkt parameters from the corpus texts and ship them in the package.

Writes ``toolkit/data/punkt/news_params.json`` (the learnt abbreviations that pass review and
the learnt collocations; see :func:`toolkit._segment.train_punkt_parameters`), which
:mod:`toolkit._segment` merges with the hand-written ``abbreviations.txt``. Run
``python datasets/train_punkt.py`` after the corpus changes, then check
``python benchmarks/segmentation.py``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "toolkit" / "data" / "punkt" / "news_params.json"


def main() -> int:
    sys.path.insert(0, str(HERE.parent))
    from toolkit._segment import train_punkt_parameters

    texts = [json.loads(line)["text"] for line in open(HERE / "corpus" / "documents.jsonl", encoding="utf-8")]
    params = train_punkt_parameters(texts)
    OUT.write_text(json.dumps(params, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(texts)} documents: {len(params['abbrev_types'])} abbreviations, "
          f"{len(params['collocations'])} collocations "
          f"-> {OUT.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
