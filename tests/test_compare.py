"""Tests of the tidy comparison tables (toolkit._compare) on small hand-made tables."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from toolkit._compare import (
    STANCES,
    ActorComparison,
    compare_actors,
    sentiment_by_actor,
    sentiment_over_time,
    stance_over_time,
    stance_shares,
    stance_vs_hostility,
    target_matrix,
    typical_sentences,
)


def make_table(rows):
    """Sentence table from (doc_id, actor, stance, target, date) tuples."""
    df = pd.DataFrame(rows, columns=["doc_id", "actor", "stance", "target", "date"])
    df["sent_idx"] = df.groupby("doc_id").cumcount()
    df["text"] = [f"sentence {i}" for i in range(len(df))]
    df["speaker"] = df["actor"]
    return df


def block(doc, actor, stance, n, target="", date="2024-01-15"):
    if stance == "neutral":
        target = ""
    return [(doc, actor, stance, target, date)] * n


@pytest.fixture
def small():
    rows = (
        block("d1", "PRK", "threatening", 3, "USA")
        + block("d1", "PRK", "neutral", 1)
        + block("d1", "AUTHOR", "neutral", 4)
        + block("d2", "PRK", "condemning", 2, "KOR")
        + block("d2", "USA", "condemning", 2, "PRK")
        + block("d3", "PRK", "threatening", 2, "KOR")
        + block("d3", "USA", "neutral", 3)
        + block("d4", "USA", "neutral", 1)
        + block("d4", "UN", "condemning", 1, "PRK")
    )
    return make_table(rows)


# ------------------------------------------------------------------ stance_shares


def test_stance_shares_counts_and_sum_to_one(small):
    out = stance_shares(small, n_boot=200)
    assert list(out.columns) == [
        "actor", "stance", "n", "share", "ci_low", "ci_high", "n_sentences", "n_docs"
    ]
    assert "AUTHOR" not in set(out["actor"])
    # every actor has all three stances, in a fixed order, even with count 0
    assert all(t == STANCES for t in out.groupby("actor")["stance"].apply(tuple))
    np.testing.assert_allclose(out.groupby("actor")["share"].sum(), 1.0)
    prk = out.loc[out["actor"] == "PRK"].set_index("stance")
    assert prk["n"].to_dict() == {"threatening": 5, "condemning": 2, "neutral": 1}
    assert prk["share"]["threatening"] == pytest.approx(5 / 8)
    assert (prk["n_sentences"] == 8).all() and (prk["n_docs"] == 3).all()
    un = out.loc[out["actor"] == "UN"].set_index("stance")
    assert un["n"].tolist() == [0, 1, 0]
    # ordered by number of sentences
    assert list(dict.fromkeys(out["actor"])) == ["PRK", "USA", "UN"]


def test_stance_shares_ci_contains_estimate(small):
    out = stance_shares(small, n_boot=500)
    multi = out.loc[out["n_docs"] >= 2]
    assert len(multi) == 6
    assert (multi["ci_low"] <= multi["share"] + 1e-12).all()
    assert (multi["share"] <= multi["ci_high"] + 1e-12).all()
    assert ((multi["ci_low"] >= 0) & (multi["ci_high"] <= 1)).all()
    # UN speaks in one document: nothing to resample, no interval
    assert out.loc[out["actor"] == "UN", ["ci_low", "ci_high"]].isna().all().all()


def test_stance_shares_bootstrap_resamples_documents():
    # Two documents, one all threats, one all neutral: resampling documents gives
    # replicates of 0, 0.5 and 1, so the 95% interval spans [0, 1]. Resampling
    # sentences would give a narrow interval around 0.5.
    rows = block("d1", "RUS", "threatening", 20, "UKR") + block("d2", "RUS", "neutral", 20)
    out = stance_shares(make_table(rows), n_boot=2000).set_index("stance")
    assert out.loc["threatening", "share"] == 0.5
    assert out.loc["threatening", "ci_low"] == 0.0
    assert out.loc["threatening", "ci_high"] == 1.0


def test_stance_shares_documents_weigh_equally_in_resampling():
    # One short document of threats and one long neutral one: every resample
    # draws each document with probability 1/2, so both extremes (0% and 100%)
    # have probability 1/4 and the 95% interval is [0, 1]; estimate 1/10.
    rows = block("d1", "PRK", "threatening", 1, "USA") + block("d2", "PRK", "neutral", 9)
    out = stance_shares(make_table(rows), n_boot=2000).set_index("stance")
    assert out.loc["threatening", "share"] == pytest.approx(0.1)
    assert (out.loc["threatening", "ci_low"], out.loc["threatening", "ci_high"]) == (0.0, 1.0)


def test_stance_shares_seed_and_independence_of_other_actors(small):
    a = stance_shares(small, n_boot=300, seed=1)
    b = stance_shares(small, n_boot=300, seed=1)
    pd.testing.assert_frame_equal(a, b)
    only_prk = stance_shares(small.loc[small["actor"] == "PRK"], n_boot=300, seed=1)
    pd.testing.assert_frame_equal(
        a.loc[a["actor"] == "PRK"].reset_index(drop=True), only_prk.reset_index(drop=True)
    )
    c = stance_shares(small, n_boot=300, seed=2)
    assert not np.allclose(a["ci_low"].fillna(0), c["ci_low"].fillna(0)) or not np.allclose(
        a["ci_high"].fillna(0), c["ci_high"].fillna(0)
    )


def test_stance_shares_options(small):
    out = stance_shares(small, n_boot=0, min_sentences=3)
    assert set(out["actor"]) == {"PRK", "USA"}
    assert out["ci_low"].isna().all()
    with_author = stance_shares(small, n_boot=0, exclude=())
    assert "AUTHOR" in set(with_author["actor"])
    by_speaker = stance_shares(small, by="speaker", n_boot=0)
    assert "speaker" in by_speaker.columns


def test_stance_shares_validation(small):
    with pytest.raises(ValueError, match="'stance'"):
        stance_shares(small.drop(columns="stance"))
    with pytest.raises(ValueError, match="'doc_id'"):
        stance_shares(small.drop(columns="doc_id"))
    with pytest.raises(ValueError, match="'region'"):
        stance_shares(small, by="region")
    bad = small.copy()
    bad.loc[0, "stance"] = "hostile"
    with pytest.raises(ValueError, match="hostile"):
        stance_shares(bad)
    with pytest.raises(TypeError, match="DataFrame"):
        stance_shares(small.to_dict("records"))
    with pytest.raises(ValueError, match="ci"):
        stance_shares(small, ci=95)
    with pytest.raises(TypeError):
        stance_shares(small, "actor")  # keyword-only


def test_stance_shares_empty_table(small):
    out = stance_shares(small.iloc[:0])
    assert out.empty and "share" in out.columns


# --------------------------------------------------------------- stance_over_time


def test_stance_over_time_month_bins_and_gaps():
    rows = (
        block("d1", "PRK", "threatening", 2, "USA", "2024-01-31")
        + block("d2", "PRK", "neutral", 2, date="2024-02-01")
        + block("d3", "PRK", "condemning", 1, "KOR", "2024-04-10")
        + block("d4", "PRK", "neutral", 5, date=None)  # undated: left out
    )
    out = stance_over_time(make_table(rows), freq="month", n_boot=0)
    periods = sorted(out["period"].unique())
    assert periods == list(pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]))
    cells = out.pivot(index="period", columns="stance", values="n")
    assert cells.loc["2024-01-01", "threatening"] == 2
    assert cells.loc["2024-02-01", "neutral"] == 2
    assert cells.sum().sum() == 5
    march = out.loc[out["period"] == "2024-03-01"]
    assert (march["n_sentences"] == 0).all() and march["share"].isna().all()
    dated = out.loc[out["n_sentences"] > 0]
    np.testing.assert_allclose(dated.groupby("period")["share"].sum(), 1.0)


def test_stance_over_time_week_and_year():
    rows = (
        block("d1", "USA", "condemning", 1, "PRK", "2024-01-07")  # a Sunday
        + block("d2", "USA", "neutral", 1, date="2024-01-08")  # the next Monday
        + block("d3", "USA", "neutral", 1, date="2025-06-30")
    )
    table = make_table(rows)
    weeks = stance_over_time(table, freq="week", n_boot=0)
    firsts = sorted(weeks.loc[weeks["n_sentences"] > 0, "period"].unique())
    assert firsts[:2] == list(pd.to_datetime(["2024-01-01", "2024-01-08"]))
    assert all(p.day_of_week == 0 for p in pd.to_datetime(weeks["period"].unique()))
    years = stance_over_time(table, freq="year", n_boot=0)
    assert sorted(years["period"].unique()) == list(pd.to_datetime(["2024-01-01", "2025-01-01"]))
    assert years.loc[years["period"] == "2024-01-01", "n_sentences"].iloc[0] == 2
    with pytest.raises(ValueError, match="freq"):
        stance_over_time(table, freq="fortnight")


def test_stance_over_time_ci_and_actor_selection():
    rows = []
    for i in range(6):
        stance = "threatening" if i % 2 else "neutral"
        rows += block(f"p{i}", "PRK", stance, 3, "USA", "2024-03-0" + str(i + 1))
        rows += block(f"u{i}", "USA", "condemning", 1, "PRK", "2024-03-1" + str(i))
    rows += block("k1", "KOR", "neutral", 1, date="2024-03-20")
    table = make_table(rows)
    out = stance_over_time(table, n_boot=300, actors=2)
    assert list(dict.fromkeys(out["actor"])) == ["PRK", "USA"]
    prk = out.loc[out["actor"] == "PRK"].set_index("stance")
    assert prk.loc["threatening", "ci_low"] <= prk.loc["threatening", "share"]
    assert prk.loc["threatening", "share"] <= prk.loc["threatening", "ci_high"]
    assert prk.loc["threatening", "ci_high"] - prk.loc["threatening", "ci_low"] > 0.2
    thin = stance_over_time(table, n_boot=0, min_sentences=5, actors=["KOR"])
    assert thin["share"].isna().all() and (thin["n_sentences"] == 1).all()
    with pytest.raises(ValueError, match="XYZ"):
        stance_over_time(table, actors=["XYZ"])
    with pytest.raises(ValueError, match="'date'"):
        stance_over_time(table.drop(columns="date"))


# ------------------------------------------------------------------ target_matrix


def test_target_matrix_counts_and_normalisations(small):
    out = target_matrix(small)
    assert list(out.columns) == ["actor", "target", "n", "share"]
    counts = out.pivot(index="actor", columns="target", values="n")
    assert counts.loc["PRK", "USA"] == 3
    assert counts.loc["PRK", "KOR"] == 4
    assert counts.loc["USA", "PRK"] == 2
    assert counts.loc["UN", "PRK"] == 1
    assert counts.loc["UN", "KOR"] == 0  # full grid
    assert out["n"].sum() == 10  # neutral sentences are not counted
    np.testing.assert_allclose(out.groupby("actor")["share"].sum(), 1.0)
    by_target = target_matrix(small, normalize="target")
    np.testing.assert_allclose(by_target.groupby("target")["share"].sum(), 1.0)
    assert target_matrix(small, normalize="all")["share"].sum() == pytest.approx(1.0)
    threats = target_matrix(small, stances="threatening")
    assert threats["n"].sum() == 5 and set(threats["actor"]) == {"PRK"}
    # ordered by totals
    assert list(dict.fromkeys(out["actor"])) == ["PRK", "USA", "UN"]
    assert list(dict.fromkeys(out["target"]))[0] == "KOR"


def test_target_matrix_ignores_empty_targets_and_validates(small):
    table = small.copy()
    table.loc[0, "target"] = ""
    assert target_matrix(table)["n"].sum() == 9
    with pytest.raises(ValueError, match="'target'"):
        target_matrix(small.drop(columns="target"))
    with pytest.raises(ValueError, match="normalize"):
        target_matrix(small, normalize="rows")
    assert target_matrix(small, stances=("neutral",)).empty


# ----------------------------------------------------------------- compare_actors


def _two_actors(a_counts, b_counts, per_doc=1):
    rows, doc = [], 0
    for actor, counts in (("PRK", a_counts), ("USA", b_counts)):
        for stance, n in zip(STANCES, counts):
            for _ in range(0, n, per_doc):
                rows += block(f"d{doc}", actor, stance, per_doc, "KOR")
                doc += 1
    return make_table(rows)


def test_compare_actors_detects_a_known_difference():
    table = _two_actors((30, 10, 10), (3, 12, 35))
    res = compare_actors(table, "PRK", "USA")
    assert isinstance(res, ActorComparison)
    assert res.p_value < 1e-6
    expected = stats.chi2_contingency([[30, 10, 10], [3, 12, 35]], correction=False)
    assert res.statistic == pytest.approx(expected.statistic)
    assert res.p_value == pytest.approx(expected.pvalue)
    assert res.dof == 2
    assert res.cramers_v == pytest.approx(np.sqrt(expected.statistic / 100))
    perm = compare_actors(table, "PRK", "USA", method="permutation", n_perm=999)
    assert perm.p_value <= 0.002
    assert perm.statistic == pytest.approx(res.statistic)
    assert res.counts.loc["PRK"].tolist() == [30, 10, 10]


def test_compare_actors_null_is_not_detected():
    table = _two_actors((10, 10, 20), (10, 10, 20))
    res = compare_actors(table, "PRK", "USA")
    assert res.statistic == pytest.approx(0.0) and res.p_value == pytest.approx(1.0)
    assert res.cramers_v == pytest.approx(0.0)
    perm = compare_actors(table, "PRK", "USA", method="permutation", n_perm=500)
    assert perm.p_value > 0.5
    near = _two_actors((12, 9, 19), (9, 11, 20))
    assert compare_actors(near, "PRK", "USA", method="permutation", n_perm=500).p_value > 0.2


def test_compare_actors_permutation_respects_documents():
    # 40 sentences each, but only two documents each: chi2 (sentences treated as
    # independent) is overconfident, the document permutation is not.
    rows = (
        block("a1", "PRK", "threatening", 30, "USA") + block("a2", "PRK", "neutral", 10)
        + block("b1", "USA", "threatening", 10, "PRK") + block("b2", "USA", "neutral", 30)
    )
    table = make_table(rows)
    assert compare_actors(table, "PRK", "USA").p_value < 1e-4
    assert compare_actors(table, "PRK", "USA", method="permutation", n_perm=600).p_value > 0.2


def test_compare_actors_frame_and_errors():
    table = _two_actors((5, 3, 2), (1, 1, 8))
    frame = compare_actors(table, "PRK", "USA").to_frame()
    assert len(frame) == 1
    assert frame.loc[0, "n_a"] == 10 and frame.loc[0, "threatening_a"] == 5
    assert {"statistic", "p_value", "cramers_v"} <= set(frame.columns)
    with pytest.raises(ValueError, match="XYZ"):
        compare_actors(table, "PRK", "XYZ")
    with pytest.raises(ValueError, match="same actor"):
        compare_actors(table, "PRK", "PRK")
    with pytest.raises(ValueError, match="method"):
        compare_actors(table, "PRK", "USA", method="fisher")


# -------------------------------------------------------------- typical_sentences


def test_typical_sentences_ordered_by_probability(small):
    table = small.copy()
    rng = np.random.default_rng(3)
    table["p_threatening"] = rng.uniform(size=len(table))
    table.loc[table.index[5], "p_threatening"] = table.loc[table.index[4], "p_threatening"]
    out = typical_sentences(table, n=3)
    assert list(out.columns)[:6] == ["actor", "rank", "doc_id", "sent_idx", "text", "p_threatening"]
    assert "AUTHOR" not in set(out["actor"])
    for actor, g in out.groupby("actor"):
        assert g["p_threatening"].is_monotonic_decreasing
        assert g["rank"].tolist() == list(range(1, len(g) + 1))
        best = table.loc[table["actor"] == actor, "p_threatening"].nlargest(len(g))
        np.testing.assert_allclose(g["p_threatening"], best.to_numpy())
    assert (out.groupby("actor").size() <= 3).all()
    assert out.loc[out["actor"] == "UN"].shape[0] == 1  # fewer when the actor has fewer


def test_typical_sentences_errors(small):
    with pytest.raises(ValueError, match="p_condemning"):
        typical_sentences(small, stance="condemning")
    with pytest.raises(ValueError, match="stance"):
        typical_sentences(small, stance="angry")


# ---------------------------------------------------------------------- sentiment


@pytest.fixture
def toned(small):
    table = small.copy()
    table["compound"] = np.where(table["stance"] == "neutral", 0.2, -0.6)
    table["hostility"] = np.where(table["stance"] == "threatening", 3.0, 0.0)
    table["sentiment_span"] = np.where(table.index % 2 == 0, "quote", "sentence")
    return table


def test_sentiment_by_actor_means_and_ci(toned):
    out = sentiment_by_actor(toned, n_boot=400)
    assert list(out.columns) == [
        "actor", "measure", "mean", "ci_low", "ci_high", "n_sentences", "n_docs"
    ]
    prk = out.set_index("actor").loc["PRK"]
    assert prk["mean"] == pytest.approx((7 * -0.6 + 0.2) / 8)
    assert prk["ci_low"] <= prk["mean"] <= prk["ci_high"]
    assert prk["n_docs"] == 3
    both = sentiment_by_actor(toned, value=["compound", "hostility"], n_boot=0)
    assert set(both["measure"]) == {"compound", "hostility"} and len(both) == 6
    quotes = sentiment_by_actor(toned, span="quote", n_boot=0)
    assert quotes["n_sentences"].sum() == (toned["sentiment_span"].eq("quote")
                                           & toned["actor"].ne("AUTHOR")).sum()
    with pytest.raises(ValueError, match="'compound'"):
        sentiment_by_actor(toned.drop(columns="compound"))


def test_sentiment_skips_missing_values(toned):
    table = toned.copy()
    table.loc[table["actor"] == "UN", "compound"] = np.nan
    out = sentiment_by_actor(table, n_boot=0)
    assert "UN" not in set(out["actor"])


def test_sentiment_over_time_bins():
    rows = (
        block("d1", "PRK", "threatening", 2, "USA", "2023-01-10")
        + block("d2", "PRK", "neutral", 1, date="2023-03-02")
    )
    table = make_table(rows)
    table["compound"] = [-0.8, -0.4, 0.3]
    out = sentiment_over_time(table, n_boot=0)
    assert out["mean"].round(6).tolist()[0] == -0.6
    assert np.isnan(out["mean"].iloc[1]) and out["n_sentences"].tolist() == [2, 0, 1]
    months = pd.to_datetime(["2023-01-01", "2023-02-01", "2023-03-01"])
    assert out["period"].tolist() == list(months)


def test_stance_vs_hostility(toned):
    out = stance_vs_hostility(toned).set_index("actor")
    assert list(out.columns) == ["share_threat_condemn", "mean_hostility", "n_sentences", "n_docs"]
    assert out.loc["PRK", "share_threat_condemn"] == pytest.approx(7 / 8)
    assert out.loc["PRK", "mean_hostility"] == pytest.approx(15 / 8)
    assert out.loc["USA", "share_threat_condemn"] == pytest.approx(2 / 6)
    assert out.loc["UN", "n_sentences"] == 1
    with pytest.raises(ValueError, match="'hostility'"):
        stance_vs_hostility(toned.drop(columns="hostility"))
