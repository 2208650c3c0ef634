"""Tests of toolkit.plotting: each plot returns its Axes with the expected artists."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection, PolyCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402
from PIL import Image  # noqa: E402

from toolkit import plotting  # noqa: E402
from toolkit._compare import (  # noqa: E402
    STANCES,
    sentiment_by_actor,
    sentiment_over_time,
    stance_over_time,
    stance_shares,
    stance_vs_hostility,
    target_matrix,
)

# stance propensities (threatening, condemning, neutral), targets, how often quoted
PROFILES = {
    "PRK": ((0.42, 0.28, 0.30), {"USA": 0.5, "KOR": 0.35, "JPN": 0.15}, 3.0),
    "USA": ((0.10, 0.38, 0.52), {"PRK": 0.6, "RUS": 0.25, "CHN": 0.15}, 2.6),
    "KOR": ((0.06, 0.36, 0.58), {"PRK": 0.9, "JPN": 0.1}, 2.0),
    "CHN": ((0.10, 0.30, 0.60), {"USA": 0.7, "JPN": 0.2, "TWN": 0.1}, 1.4),
    "RUS": ((0.24, 0.34, 0.42), {"USA": 0.45, "UKR": 0.35, "NATO": 0.2}, 1.3),
    "JPN": ((0.04, 0.40, 0.56), {"PRK": 0.8, "CHN": 0.2}, 1.2),
    "UN": ((0.00, 0.28, 0.72), {"PRK": 0.7, "RUS": 0.3}, 0.8),
    "OTHER": ((0.03, 0.12, 0.85), {"PRK": 0.5, "USA": 0.5}, 1.5),
}


def make_synthetic_table(seed=0, n_docs=60, start="2022-01-01", end="2024-12-31"):
    """A realistic-looking sentence table: ~10 sentences per document, 8 actors.

    Actors speak in blocks within a document with a document-level tilt (so
    sentences of one document are correlated, as in real news); North Korea
    turns more threatening over time; tone and hostility follow the stance.
    """
    rng = np.random.default_rng(seed)
    actors = list(PROFILES)
    weights = np.array([PROFILES[a][2] for a in actors])
    days = pd.date_range(start, end, freq="D")
    rows = []
    for d in range(n_docs):
        doc_id = f"syn-{d:03d}"
        date = days[rng.integers(len(days))]
        progress = (date - days[0]).days / max((days[-1] - days[0]).days, 1)
        n_speakers = rng.integers(1, 4)
        speakers = rng.choice(actors, size=n_speakers, replace=False, p=weights / weights.sum())
        n_sent = int(rng.integers(6, 15))
        sequence = ["AUTHOR"] * int(round(n_sent * rng.uniform(0.2, 0.45)))
        for actor in speakers:
            sequence += [actor] * int(rng.integers(1, 5))
        for i, actor in enumerate(sequence[:n_sent] if len(sequence) > n_sent else sequence):
            if actor == "AUTHOR":
                stance, target = "neutral", ""
            else:
                probs = np.array(PROFILES[actor][0], dtype=float)
                if actor == "PRK":
                    probs = probs + np.array([0.25, 0.0, -0.25]) * (progress - 0.5)
                tilt = rng.dirichlet(probs * 12 + 0.3)  # document-level tilt
                stance = STANCES[rng.choice(3, p=tilt)]
                targets = PROFILES[actor][1]
                target = "" if stance == "neutral" else rng.choice(
                    list(targets), p=np.array(list(targets.values())) / sum(targets.values())
                )
            alpha = np.ones(3) + 7 * (np.array(STANCES) == stance)
            p = rng.dirichlet(alpha)
            tone_mean = {"threatening": -0.55, "condemning": -0.45, "neutral": 0.05}[stance]
            compound = float(np.clip(rng.normal(tone_mean, 0.3), -1, 1))
            neg = float(np.clip(max(0, -compound) * rng.uniform(0.2, 0.5), 0, 1))
            pos = float(np.clip(max(0, compound) * rng.uniform(0.2, 0.5), 0, 1))
            if stance == "threatening":
                hostility = rng.gamma(2.5, 0.9)
            elif stance == "condemning":
                hostility = rng.gamma(2.0, 0.6)
            else:
                hostility = 0.0 if rng.uniform() < 0.7 else rng.gamma(1.0, 0.4)
            rows.append({
                "doc_id": doc_id, "date": date.strftime("%Y-%m-%d"), "sent_idx": i,
                "start": 0, "end": 0,
                "text": f"{actor} sentence {i} ({stance}{' -> ' + target if target else ''}).",
                "speaker": actor, "actor": actor, "stance": stance, "target": target,
                "p_threatening": p[0], "p_condemning": p[1], "p_neutral": p[2],
                "compound": compound, "pos": pos, "neg": neg, "neu": 1 - pos - neg,
                "hostility": float(hostility),
                "sentiment_span": (
                    "sentence" if actor == "AUTHOR" or rng.uniform() < 0.4 else "quote"
                ),
                "title": f"Synthetic story {d}", "source_type": "news",
            })
    return pd.DataFrame(rows)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def table():
    return make_synthetic_table(seed=0, n_docs=40)


@pytest.fixture
def ax():
    return plt.figure().add_subplot()


def _bar_containers(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def _errorbar_containers(ax):
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


# -------------------------------------------------------------------- actor_name


@pytest.mark.parametrize("code, name", [
    ("PRK", "North Korea"), ("KOR", "South Korea"), ("USA", "United States"),
    ("RUS", "Russia"), ("IRN", "Iran"), ("UN", "UN"), ("NATO", "NATO"),
    ("OTHER", "Non-state"), ("XKX", "Kosovo"), ("TWN", "Taiwan"), ("FRA", "France"),
    ("COD", "DR Congo"), ("ZZZ", "ZZZ"),
])
def test_actor_name(code, name):
    assert plotting.actor_name(code) == name


def test_stance_colours_are_fixed_and_distinct():
    from matplotlib.colors import to_rgb

    red, orange, grey = (to_rgb(plotting.STANCE_COLORS[s]) for s in STANCES)
    assert red[0] > 0.5 and red[1] < 0.2 and red[2] < 0.3  # threatening: red
    assert orange[0] > 0.8 and 0.4 < orange[1] < 0.8 and orange[2] < 0.3  # condemning: orange
    assert max(grey) - min(grey) < 0.05  # neutral: grey
    luminance = [0.2126 * r + 0.7152 * g + 0.0722 * b for r, g, b in (red, orange, grey)]
    assert min(abs(a - b) for i, a in enumerate(luminance) for b in luminance[i + 1:]) > 0.05


# ------------------------------------------------------------------ stance shares


def test_plot_stance_shares_grouped(table, ax):
    shares = stance_shares(table, n_boot=50)
    n_actors = shares["actor"].nunique()
    out = plotting.plot_stance_shares(shares, ax=ax)
    assert out is ax
    bars = _bar_containers(ax)
    assert len(bars) == 3 and all(len(b) == n_actors for b in bars)
    assert len(ax.patches) == 3 * n_actors
    assert len(_errorbar_containers(ax)) == 3
    colors = [to_hex(b.patches[0].get_facecolor()) for b in bars]
    assert colors == [plotting.STANCE_COLORS[s] for s in STANCES]
    # bar lengths are the shares, in the data's actor order (first actor on top)
    first = shares["actor"].iloc[0]
    threat = shares.loc[(shares["actor"] == first) & (shares["stance"] == "threatening"), "share"]
    assert bars[0].patches[0].get_width() == pytest.approx(threat.iloc[0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith(plotting.actor_name(first) + " (n=")
    assert ax.yaxis_inverted()  # the first (largest) actor is drawn on top
    assert ax.get_xlabel().startswith("Share")
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == list(STANCES)


def test_plot_stance_shares_stacked_vertical_and_gca(table):
    shares = stance_shares(table.loc[table["actor"].isin(["PRK", "USA"])], n_boot=0)
    out = plotting.plot_stance_shares(shares, kind="stacked")
    assert out is plt.gca()
    assert len(out.patches) == 6 and not _errorbar_containers(out)
    # stacked bars reach 100% and actors are on the x axis
    heights = np.array([p.get_height() for p in out.patches]).reshape(3, 2).sum(axis=0)
    np.testing.assert_allclose(heights, 1.0)
    order = list(dict.fromkeys(shares["actor"]))
    assert [t.get_text().split(" (")[0] for t in out.get_xticklabels()] == [
        plotting.actor_name(a) for a in order
    ]


def test_plot_stance_shares_from_sentence_table(table, ax):
    plotting.plot_stance_shares(table, ax=ax, orient="h", show_n=False)
    assert "Writer" not in [t.get_text() for t in ax.get_yticklabels()]
    assert len(ax.patches) == 3 * table.loc[table["actor"] != "AUTHOR", "actor"].nunique()


def test_plot_stance_shares_validates(ax):
    with pytest.raises(ValueError, match="'share'"):
        plotting.plot_stance_shares(pd.DataFrame({"actor": ["PRK"], "stance": ["neutral"]}), ax=ax)
    with pytest.raises(ValueError, match="kind"):
        plotting.plot_stance_shares(pd.DataFrame(), kind="pie", ax=ax)


# --------------------------------------------------------------- stance over time


def test_plot_stance_over_time_one_actor(table, ax):
    over = stance_over_time(table, freq="quarter", actors=["PRK"], n_boot=50)
    out = plotting.plot_stance_over_time(over, ax=ax)
    assert out is ax
    assert len(ax.lines) == 3
    assert [to_hex(line.get_color()) for line in ax.lines] == [
        plotting.STANCE_COLORS[s] for s in STANCES
    ]
    bands = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(bands) >= 1
    assert "North Korea" in ax.get_ylabel()
    assert ax.get_xlabel().startswith("Quarter")
    n_periods = over["period"].nunique()
    assert all(len(line.get_xdata()) == n_periods for line in ax.lines)


def test_plot_stance_over_time_per_actor_and_errors(table, ax):
    over = stance_over_time(table, freq="year", actors=3, n_boot=0)
    plotting.plot_stance_over_time(over, stance="threatening", ax=ax)
    assert len(ax.lines) == 3
    first = over["actor"].iloc[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == plotting.actor_name(first)
    with pytest.raises(ValueError, match="actor="):
        plotting.plot_stance_over_time(over, ax=ax)


def test_plot_stance_over_time_breaks_lines_at_gaps(ax):
    table = pd.DataFrame({
        "doc_id": ["a", "b"], "actor": ["PRK", "PRK"], "stance": ["threatening", "neutral"],
        "date": ["2024-01-05", "2024-04-05"],
    })
    plotting.plot_stance_over_time(table, actor="PRK", ax=ax)
    y = ax.lines[0].get_ydata()
    assert len(y) == 4 and np.isnan(y[1]) and np.isnan(y[2])


# ------------------------------------------------------------------ target heatmap


def test_plot_target_heatmap(table, ax):
    matrix = target_matrix(table)
    out = plotting.plot_target_heatmap(matrix, ax=ax)
    assert out is ax
    assert len(ax.images) == 1
    n_act, n_tgt = matrix["actor"].nunique(), matrix["target"].nunique()
    assert ax.images[0].get_array().shape == (n_act, n_tgt)
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == (matrix["n"] > 0).sum()
    assert sorted(map(int, texts)) == sorted(matrix.loc[matrix["n"] > 0, "n"])
    assert ax.get_xlabel() == "Target" and "actor" in ax.get_ylabel().lower()
    assert len(ax.figure.axes) == 2  # the colour bar
    assert "speaker" in ax.figure.axes[1].get_xlabel().lower()


def test_plot_target_heatmap_limits_and_shares(table, ax):
    plotting.plot_target_heatmap(table, ax=ax, max_actors=3, max_targets=2, annot="share",
                                 cbar=False)
    assert ax.images[0].get_array().shape == (3, 2)
    assert all(t.get_text().endswith("%") for t in ax.texts)
    assert "2 most targeted" in ax.get_xlabel() and "3 most active" in ax.get_ylabel()
    assert len(ax.figure.axes) == 1


# ----------------------------------------------------------------- confusion matrix


def test_plot_confusion_matrix(ax):
    cm = [[8, 2, 0], [1, 6, 3], [0, 0, 0]]
    out = plotting.plot_confusion_matrix(cm, list(STANCES), ax=ax)
    assert out is ax and len(ax.images) == 1
    texts = [t.get_text() for t in ax.texts]
    assert len(texts) == 9
    assert texts[0] == "8\n(80%)" and texts[5] == "3\n(30%)"
    assert texts[8] == "0\n(–)"  # an empty gold row has no share
    np.testing.assert_allclose(ax.images[0].get_array()[0], [0.8, 0.2, 0.0])
    assert ax.get_ylabel() == "Gold label" and ax.get_xlabel() == "Predicted label"
    assert [t.get_text() for t in ax.get_xticklabels()] == list(STANCES)


def test_plot_confusion_matrix_counts_dataframe(ax):
    cm = pd.DataFrame([[5, 1], [2, 4]], index=["yes", "no"], columns=["yes", "no"])
    plotting.plot_confusion_matrix(cm, normalize=None, annot="count", cbar=True, ax=ax)
    assert [t.get_text() for t in ax.texts] == ["5", "1", "2", "4"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["yes", "no"]
    with pytest.raises(ValueError, match="square"):
        plotting.plot_confusion_matrix([[1, 2, 3]], ax=ax)


# -------------------------------------------------------------------- sentiment


def test_plot_sentiment_by_actor(table, ax):
    tone = sentiment_by_actor(table, n_boot=50)
    out = plotting.plot_sentiment_by_actor(tone, ax=ax)
    assert out is ax
    bars = _errorbar_containers(ax)
    assert len(bars) == 1
    points = bars[0].lines[0]
    np.testing.assert_allclose(points.get_xdata(), tone["mean"])
    assert len(ax.get_yticklabels()) == len(tone)
    assert "compound" in ax.get_xlabel()
    zero = [line for line in ax.lines if list(line.get_xdata()) == [0, 0]]
    assert zero  # the zero line, since the means straddle 0


def test_plot_sentiment_by_actor_sorted_and_measure(table, ax):
    tone = sentiment_by_actor(table, value=["compound", "hostility"], n_boot=0)
    with pytest.raises(ValueError, match="measure"):
        plotting.plot_sentiment_by_actor(tone, ax=ax)
    plotting.plot_sentiment_by_actor(tone, measure="hostility", sort=True, ax=ax)
    x = _errorbar_containers(ax)[0].lines[0].get_xdata()
    assert np.all(np.diff(x) >= 0) and "hostility" in ax.get_xlabel()


def test_plot_sentiment_over_time(table, ax):
    over = sentiment_over_time(table, freq="quarter", actors=["PRK", "USA"], n_boot=50)
    out = plotting.plot_sentiment_over_time(over, ax=ax)
    assert out is ax and len(ax.lines) >= 2
    order = list(dict.fromkeys(over["actor"]))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        plotting.actor_name(a) for a in order
    ]
    assert any(isinstance(c, PolyCollection) for c in ax.collections)


def test_plot_stance_vs_hostility(table, ax):
    svh = stance_vs_hostility(table)
    out = plotting.plot_stance_vs_hostility(svh, ax=ax)
    assert out is ax
    scatter = [c for c in ax.collections if isinstance(c, PathCollection)][0]
    assert scatter.get_offsets().shape == (len(svh), 2)
    labels = {t.get_text() for t in ax.texts}
    assert labels == {plotting.actor_name(a) for a in svh["actor"]}
    assert "hostility" in ax.get_ylabel().lower()
    assert "threaten" in ax.get_xlabel()
    # labels do not overlap each other
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    overlaps = sum(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert overlaps == 0


# ------------------------------------------------------------------- empty data


@pytest.mark.parametrize("summary, plot", [
    (stance_shares, plotting.plot_stance_shares),
    (stance_over_time, plotting.plot_stance_over_time),
    (target_matrix, plotting.plot_target_heatmap),
    (sentiment_by_actor, plotting.plot_sentiment_by_actor),
    (sentiment_over_time, plotting.plot_sentiment_over_time),
    (stance_vs_hostility, plotting.plot_stance_vs_hostility),
], ids=lambda f: f.__name__)
def test_plots_of_only_the_writers_sentences_say_why_nothing_is_drawn(table, ax, summary, plot):
    data = summary(table.assign(actor="AUTHOR"))
    assert data.empty
    hint = "with a target" if plot is plotting.plot_target_heatmap else r"AUTHOR, unless you pass exclude=\(\)"
    with pytest.raises(ValueError, match=rf"{plot.__name__}\(\): nothing to draw, the data has no rows \(.*{hint}"):
        plot(data, ax=ax)


# --------------------------------------------------------------- standard charts


def test_write_standard_charts(tmp_path, table):
    paths = plotting.write_standard_charts(table, tmp_path, prefix="t-", n_boot=50, dpi=60)
    names = [p.name for p in paths]
    assert names == [
        "t-stance_shares.png", "t-stance_over_time.png", "t-target_heatmap.png",
        "t-sentiment_by_actor.png", "t-stance_vs_hostility.png",
    ]
    assert names == [f"t-{name}.png" for name in plotting.STANDARD_CHARTS]  # what the CLI reports
    for path in paths:
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            width, height = img.size
            assert img.format == "PNG" and width > 100 and height > 100
            assert width / 60 <= plotting.TEXT_WIDTH + 0.5  # fits the page width
    assert plt.get_fignums() == []  # no pyplot figures left behind


def test_write_standard_charts_small_tables(tmp_path):
    one_date = pd.DataFrame({
        "doc_id": ["d1"] * 4, "date": ["2024-05-01"] * 4, "sent_idx": range(4),
        "actor": ["PRK", "PRK", "AUTHOR", "USA"],
        "stance": ["threatening", "neutral", "neutral", "condemning"],
        "target": ["USA", "", "", "PRK"],
    })
    paths = plotting.write_standard_charts(one_date, tmp_path, n_boot=20, dpi=60)
    # no time axis for one date, no sentiment for a gold-like table
    assert [p.name for p in paths] == ["stance_shares.png", "target_heatmap.png"]
    only_author = one_date.assign(actor="AUTHOR", stance="neutral", target="")
    assert plotting.write_standard_charts(only_author, tmp_path / "x", n_boot=20) == []
    with pytest.raises(ValueError, match="'stance'"):
        plotting.write_standard_charts(one_date.drop(columns="stance"), tmp_path)
