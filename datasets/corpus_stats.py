"""Print the corpus counts and diversity figures the datasheet reports.

Counts: articles, sentences, stances, source types, years, actors (attributed sentences),
ordinary articles, hard cases. Diversity, on random samples of 100 articles (5 seeds): the share
of sentences sharing three or more word 4-grams with another article of the sample (4-grams found
in more than 8 of its articles are stock phrases and ignored), and distinct word bigrams / all.
"""
from __future__ import annotations

import collections
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load(folder: Path):
    docs = [json.loads(line) for line in open(folder / "documents.jsonl", encoding="utf-8")]
    sents = [json.loads(line) for line in open(folder / "sentences.jsonl", encoding="utf-8")]
    return docs, sents


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def diversity(docs, sents, *, n_docs=100, seed=0) -> tuple[float, float]:
    rng = random.Random(seed)
    sample = rng.sample([d["doc_id"] for d in docs], min(n_docs, len(docs)))
    chosen = set(sample)
    by_doc = collections.defaultdict(list)
    for s in sents:
        if s["doc_id"] in chosen:
            by_doc[s["doc_id"]].append(words(s["text"]))
    grams_of = {d: [set(zip(w, w[1:], w[2:], w[3:])) for w in ws] for d, ws in by_doc.items()}
    doc_freq = collections.Counter(g for d in grams_of for g in set().union(*grams_of[d]))
    shared_sents = total = 0
    for sent_grams in grams_of.values():
        for grams in sent_grams:
            total += 1
            shared = [g for g in grams if 1 < doc_freq[g] <= 8]
            shared_sents += len(shared) >= 3
    bigrams = [b for ws in by_doc.values() for w in ws for b in zip(w, w[1:])]
    return shared_sents / max(total, 1), len(set(bigrams)) / max(len(bigrams), 1)


def main(folder: Path = HERE / "corpus") -> int:
    docs, sents = load(folder)
    split = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    stance = collections.Counter(s["stance"] for s in sents)
    print(f"articles {len(docs)}  sentences {len(sents)}  stances {dict(stance)}")
    print(f"ordinary articles {sum(d.get('kind') == 'ordinary' for d in docs)} "
          f"({sum(d.get('kind') == 'ordinary' for d in docs) / len(docs):.0%})")
    hard = sum(bool(s.get("hard_case")) for s in sents)
    print(f"hard cases {hard} ({hard / len(sents):.0%}): "
          f"{dict(collections.Counter(s['hard_case'] for s in sents if s.get('hard_case')).most_common())}")
    print("source types (articles):", dict(collections.Counter(d["source_type"] for d in docs)))
    print("years (articles):", dict(sorted(collections.Counter(d["date"][:4] for d in docs).items())))
    print("split (articles):", dict(collections.Counter(split.values())))
    attributed = [s["actor"] for s in sents if s["actor"] != "AUTHOR"]
    actors = collections.Counter(attributed)
    big = {a: n for a, n in actors.items() if n >= 20}
    top, top_n = actors.most_common(1)[0]
    print(f"AUTHOR sentences {sum(s['actor'] == 'AUTHOR' for s in sents)}; attributed {len(attributed)}; "
          f"actors {len(actors)}, with >= 20 sentences {len(big)}; largest {top} {top_n / len(attributed):.1%}")
    print("actors:", ", ".join(f"{a} {n}" for a, n in actors.most_common()))
    shares, ratios = zip(*(diversity(docs, sents, seed=s) for s in range(5)))
    print(f"diversity on 5 samples of 100 articles: sentences sharing >=3 4-grams with another article "
          f"{sum(shares) / 5:.1%} (real news ~14%, keep < 20%); distinct bigram ratio {sum(ratios) / 5:.3f} "
          f"(real news ~0.66, keep > 0.55)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "corpus"))
