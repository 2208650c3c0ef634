import matplotlib
import pytest

matplotlib.use("Agg")



@pytest.fixture
def corpus_subset(tmp_path):
    """Write the first documents of a corpus split, with their gold sentences, as a user's JSONL files.

    Call it as ``corpus_subset(split, n_docs, names=(documents_name, sentences_name))``; it
    returns the two paths in ``tmp_path`` and the kept gold sentences.
    """
    from toolkit.datasets import load_corpus

    def write(split, n_docs, *, names=("documents.jsonl", "sentences.jsonl")):
        docs, sents = load_corpus(split)
        keep = docs["doc_id"].iloc[:n_docs]
        d, s = tmp_path / names[0], tmp_path / names[1]
        docs[docs["doc_id"].isin(keep)].drop(columns=["split"]).to_json(d, orient="records", lines=True)
        sents[sents["doc_id"].isin(keep)].drop(columns=["split"]).to_json(s, orient="records", lines=True)
        return d, s, sents[sents["doc_id"].isin(keep)]

    return write


@pytest.fixture
def one_of_each_stance():
    """Three plain sentences, one of each stance, with attribution columns, and their labels."""
    import pandas as pd

    table = pd.DataFrame({
        "text": ["If they cross the border again, our artillery will reduce their positions to rubble.",
                 "We condemn the shelling of the hospital in the strongest terms.",
                 "The two ministers signed an agreement on fishing quotas."],
        "speaker_source": ["cue", "issuer", "cue"],
        "source_type": ["news", "government_statement", "news"]})
    return table, ["threatening", "condemning", "neutral"]
