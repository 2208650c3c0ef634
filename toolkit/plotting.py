"""Seaborn-style plots of the comparison tables.

Every ``plot_*`` function takes a tidy table (the output of the matching
function in :mod:`toolkit._compare`, or a sentence table, which it aggregates
first), draws on ``ax`` (or the current Axes) and returns that Axes, so plots
can be combined into figures freely. :func:`write_standard_charts` writes the
standard set of charts for a sentence table as PNG files.

Stances always have the colours of :data:`STANCE_COLORS`; actors are shown by
name (:func:`actor_name`), not by code.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ._compare import (
    STANCES,
    sentiment_by_actor,
    sentiment_over_time,
    stance_over_time,
    stance_shares,
    stance_vs_hostility,
    target_matrix,
)

__all__ = [
    "COLUMN_WIDTH",
    "STANCE_COLORS",
    "STANDARD_CHARTS",
    "TEXT_WIDTH",
    "actor_name",
    "plot_confusion_matrix",
    "plot_sentiment_by_actor",
    "plot_sentiment_over_time",
    "plot_stance_over_time",
    "plot_stance_shares",
    "plot_stance_vs_hostility",
    "plot_target_heatmap",
    "write_standard_charts",
]

#: One colour per stance, used by every plot (dark red, orange, grey: they
#: differ in lightness too, so they survive greyscale printing).
STANCE_COLORS = {
    "threatening": "#b2182b",
    "condemning": "#f0a030",
    "neutral": "#c4c4c4",
}

#: The charts :func:`write_standard_charts` draws, by file name (without prefix and ``.png``).
STANDARD_CHARTS = ("stance_shares", "stance_over_time", "target_heatmap", "sentiment_by_actor",
                   "stance_vs_hostility")

#: Width in inches of one column / the full text of a two-column paper.
COLUMN_WIDTH = 3.5
TEXT_WIDTH = 7.0

# Colours for actors in multi-actor line plots: no reds, oranges or greys, so
# an actor is never mistaken for a stance.
_ACTOR_COLORS = [
    "#1f77b4", "#2ca02c", "#9467bd", "#17becf", "#8c564b",
    "#e377c2", "#bcbd22", "#393b79", "#637939", "#7b4173",
]

# Names for codes that are not ISO 3166 countries, and shorter names for a few
# that pycountry spells officially and has no common name for.
_SPECIAL_NAMES = {
    "AUTHOR": "Writer",
    "OTHER": "Non-state",
    "AU": "African Union",
    "LAS": "Arab League",
    "XKX": "Kosovo",
    "PSE": "Palestine",
    "RUS": "Russia",
    "COD": "DR Congo",
    "COG": "Congo",
    "FSM": "Micronesia",
    "VAT": "Vatican",
    "BRN": "Brunei",
    "GBR": "United Kingdom",
    "USA": "United States",
    "SYR": "Syria",
}

_MEASURE_LABELS = {
    "compound": "Mean VADER compound score",
    "pos": "Mean VADER positive proportion",
    "neg": "Mean VADER negative proportion",
    "neu": "Mean VADER neutral proportion",
    "hostility": "Mean hostility score (lexicon)",
}

_FREQ_LABELS = {
    "week": "Week (from Monday)", "month": "Month", "quarter": "Quarter", "year": "Year",
}


@functools.lru_cache(maxsize=512)
def actor_name(code):
    """Readable name for an actor code.

    ISO 3166 alpha-3 codes become the country's common or short name (from
    ``pycountry``), organisations keep their usual short name, ``OTHER`` is
    "Non-state" and ``AUTHOR`` "Writer". Anything else is returned unchanged.

    Parameters
    ----------
    code : str
        An actor code (``"PRK"``, ``"UN"``, ...).

    Returns
    -------
    str

    Examples
    --------
    >>> actor_name("PRK"), actor_name("USA"), actor_name("UN"), actor_name("IRN")
    ('North Korea', 'United States', 'UN', 'Iran')
    """
    if code is None or (isinstance(code, float) and math.isnan(code)):
        return ""
    code = str(code).strip()
    key = code.upper()
    if key in _SPECIAL_NAMES:
        return _SPECIAL_NAMES[key]
    if len(key) == 3 and key.isalpha():
        import pycountry

        country = pycountry.countries.get(alpha_3=key)
        if country is not None:
            name = getattr(country, "common_name", None) or country.name
            if ", " in name:  # "Congo, The Democratic Republic of the"
                name = name.split(", ")[0]
            return name
    return code


# --------------------------------------------------------------------- helpers


def _is_sentence_table(data, tidy_cols):
    return "doc_id" in data.columns and not set(tidy_cols) <= set(data.columns)


def _group_col(data, by):
    if by is not None:
        if by not in data.columns:
            raise ValueError(f"the data has no column {by!r}.")
        return by
    by = data.attrs.get("by")
    if by in data.columns:
        return by
    if "actor" in data.columns:
        return "actor"
    return data.columns[0]


def _require(data, columns, func, *,
             why_empty="the summaries leave out the writer's own sentences, actor AUTHOR, "
                       "unless you pass exclude=()"):
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{func}() expects a pandas DataFrame, got {type(data).__name__}.")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(
            f"{func}() needs the column(s) {', '.join(map(repr, missing))}, which the "
            f"data does not have (it has: {', '.join(map(str, data.columns))})."
        )
    if data.empty:
        raise ValueError(f"{func}(): nothing to draw, the data has no rows ({why_empty}).")


def _names(values, by):
    if by in ("actor", "target"):
        return [actor_name(v) for v in values]
    return [str(v) for v in values]


def _ci_text(data):
    ci = data.attrs.get("ci")
    if ci is None or data.attrs.get("n_boot", 1) == 0:
        return None
    return f"{round(100 * ci):g}% CI, documents resampled"


def _legend_above(ax, handles, labels=None, *, ncol=None, title=None):
    """A frameless legend in one row above the Axes, clear of the data."""
    if labels is None:
        labels = [h.get_label() for h in handles]
    ncol = ncol or len(handles)
    return ax.legend(
        handles, labels, loc="lower left", bbox_to_anchor=(0.0, 1.01),
        ncol=ncol, frameon=False, borderaxespad=0.0, handlelength=1.4,
        columnspacing=1.0, handletextpad=0.4, title=title,
    )


def _err(mid, low, high):
    """Non-negative error bar lengths; NaN where there is no interval."""
    mid, low, high = (np.asarray(v, dtype=float) for v in (mid, low, high))
    return np.vstack([np.clip(mid - low, 0, None), np.clip(high - mid, 0, None)])


def _rotate_if_crowded(ax, labels):
    """Rotate the x tick labels when they would not fit side by side."""
    if not labels:
        return
    fig_width = ax.figure.get_size_inches()[0]
    slot = fig_width * ax.get_position().width / len(labels)  # inches per label
    font = mpl.font_manager.FontProperties(size=mpl.rcParams["xtick.labelsize"])
    size = font.get_size_in_points()
    longest = max(len(s) for s in labels) * size * 0.55 / 72  # rough text width, inches
    if longest > slot:
        for t in ax.get_xticklabels():
            t.set_rotation(40)
            t.set_ha("right")
            t.set_rotation_mode("anchor")


def _date_axis(ax, freq):
    """Date ticks that match the period length (points sit at period starts)."""
    if freq in ("year", "quarter"):
        lo, hi = ax.get_xlim()
        years = (hi - lo) / 365.25
        step = max(1, math.ceil(years / 8))  # at most about eight year labels
        ax.xaxis.set_major_locator(mdates.YearLocator(base=step))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        if freq == "quarter" and step == 1:
            ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10)))
        else:
            ax.xaxis.set_minor_locator(mpl.ticker.NullLocator())
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel(_FREQ_LABELS.get(freq, "Date"))


def _luminance(rgba):
    r, g, b = rgba[:3]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


# --------------------------------------------------------------- stance shares


def plot_stance_shares(
    data,
    *,
    by=None,
    stances=STANCES,
    kind="grouped",
    orient=None,
    errorbars=True,
    show_n=True,
    legend=True,
    palette=None,
    ax=None,
    **kwargs,
):
    """Bar chart of stance shares per actor, with bootstrap CI error bars.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`stance_shares`, or a sentence table (aggregated with
        :func:`stance_shares` and its defaults).
    by : str, optional
        The group column (default: the one ``stance_shares`` used, else "actor").
    stances : sequence of str, default all three
        Stances drawn, in this order.
    kind : {"grouped", "stacked"}, default "grouped"
        Bars side by side (with error bars) or stacked to 100 % (no error bars:
        a cumulative segment has no meaningful interval).
    orient : {"h", "v"}, optional
        Horizontal bars (actors on the y axis) or vertical. Default: horizontal
        when there are more than four actors or their names are long.
    errorbars : bool, default True
        Draw the ``ci_low``/``ci_high`` interval on grouped bars.
    show_n : bool, default True
        Add each actor's number of sentences to its label.
    legend : bool, default True
        Legend of the stances, in one row above the Axes.
    palette : dict, optional
        Stance -> colour; defaults to :data:`STANCE_COLORS`.
    ax : matplotlib Axes, optional
        Axes to draw on; default the current Axes.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.bar` / ``barh``.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_stance_shares"
    if kind not in ("grouped", "stacked"):
        raise ValueError(f"{func}(): kind must be 'grouped' or 'stacked', got {kind!r}.")
    if orient not in (None, "h", "v"):
        raise ValueError(f"{func}(): orient must be 'h' or 'v', got {orient!r}.")
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, ["stance", "share"]):
        data = stance_shares(data, by=by or "actor")
    _require(data, ["stance", "share"], func)
    by = _group_col(data, by)
    ax = ax or plt.gca()
    palette = {**STANCE_COLORS, **(palette or {})}
    stances = [s for s in stances if s in set(data["stance"])] or list(stances)

    groups = list(dict.fromkeys(data[by]))
    labels = _names(groups, by)
    if show_n and "n_sentences" in data.columns:
        n_by = data.groupby(by, sort=False)["n_sentences"].first()
        labels = [f"{lab} (n={n_by[g]})" for lab, g in zip(labels, groups)]
    if orient is None:
        orient = "h" if len(groups) > 4 or sum(len(s) for s in labels) > 48 else "v"
    horizontal = orient == "h"
    table = data.set_index([by, "stance"])
    pos = np.arange(len(groups), dtype=float)
    k = len(stances)
    width = 0.8 / k if kind == "grouped" else 0.7
    base = np.zeros(len(groups))
    top = 0.0
    handles = []
    for j, stance in enumerate(stances):
        idx = pd.MultiIndex.from_arrays([groups, [stance] * len(groups)])
        rows = table.reindex(idx)
        share = rows["share"].to_numpy(dtype=float)
        if kind == "grouped":
            where = pos + (j - (k - 1) / 2) * width
            offset = None
        else:
            where = pos
            offset = base.copy()
            base = base + np.nan_to_num(share)
        style = {"color": palette[stance], "label": stance, **kwargs}
        if horizontal:
            bars = ax.barh(where, np.nan_to_num(share), height=width * 0.95, left=offset, **style)
        else:
            bars = ax.bar(where, np.nan_to_num(share), width=width * 0.95, bottom=offset, **style)
        handles.append(bars)
        top = max(top, np.nanmax(share, initial=0.0))
        if kind == "grouped" and "n" in rows.columns:
            # mark stances an actor never takes, so an empty slot reads as 0
            for w in where[(rows["n"] == 0).to_numpy()]:
                xy = (0, w) if horizontal else (w, 0)
                ax.annotate("0", xy, xytext=(2, 0) if horizontal else (0, 1),
                            textcoords="offset points", ha="left" if horizontal else "center",
                            va="center" if horizontal else "bottom", color="#606060",
                            fontsize=mpl.rcParams["font.size"] * 0.7)
        if kind == "grouped" and errorbars and {"ci_low", "ci_high"} <= set(rows.columns):
            ok = rows["ci_low"].notna().to_numpy() & rows["ci_high"].notna().to_numpy()
            if ok.any():
                err = _err(share[ok], rows["ci_low"].to_numpy()[ok], rows["ci_high"].to_numpy()[ok])
                bar_args = {"xerr": err} if horizontal else {"yerr": err}
                x, y = (share[ok], where[ok]) if horizontal else (where[ok], share[ok])
                ax.errorbar(
                    x, y, fmt="none", ecolor="#303030", elinewidth=0.7, capsize=1.5,
                    capthick=0.7, **bar_args,
                )
                top = max(top, np.nanmax(rows["ci_high"].to_numpy()[ok], initial=0.0))

    limit = 1.0 if kind == "stacked" else min(1.0, max(0.1, top * 1.05))
    value_label = "Share of the actor's sentences"
    ci_text = _ci_text(data)
    if kind == "grouped" and errorbars and ci_text:
        value_label += f"\n(error bars: {ci_text}"
        shown = data.loc[data[by].isin(groups)]
        if "ci_low" in shown.columns and shown["ci_low"].isna().any():
            value_label += ";\nnone for actors quoted in one document only"
        value_label += ")"
    if horizontal:
        ax.set_yticks(pos, labels)
        ax.set_ylim(len(groups) - 0.5, -0.5)  # first group on top
        ax.set_xlim(0, limit)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_xlabel(value_label)
        ax.set_ylabel("")
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    else:
        ax.set_xticks(pos, labels)
        ax.set_xlim(-0.5, len(groups) - 0.5)
        ax.set_ylim(0, limit)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_ylabel(value_label)
        ax.set_xlabel("")
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        _rotate_if_crowded(ax, labels)
    ax.set_axisbelow(True)
    if legend:
        _legend_above(ax, [Patch(color=palette[s], label=s) for s in stances])
    return ax


# ------------------------------------------------------------- stance over time


def _draw_series(ax, rows, value, *, color, label, bands, style):
    """One line (breaking at NaN) with its shaded interval; points resting on a
    single document have no interval and are drawn hollow."""
    x = rows["period"].to_numpy()
    y = rows[value].to_numpy(dtype=float)
    (line,) = ax.plot(x, y, color=color, label=label, **style)
    if bands and {"ci_low", "ci_high"} <= set(rows.columns):
        low = rows["ci_low"].to_numpy(dtype=float)
        high = rows["ci_high"].to_numpy(dtype=float)
        ok = ~(np.isnan(low) | np.isnan(high))
        if ok.any():
            ax.fill_between(x, low, high, where=ok, color=color, alpha=0.15, linewidth=0)
            # a band needs two neighbouring intervals: show lone ones as bars
            prev_ok = np.r_[False, ok[:-1]]
            next_ok = np.r_[ok[1:], False]
            lone = ok & ~prev_ok & ~next_ok
            if lone.any():
                ax.vlines(x[lone], low[lone], high[lone], color=color, alpha=0.3,
                          linewidth=3, zorder=1)
    if "n_docs" in rows.columns:
        single = (rows["n_docs"].to_numpy() == 1) & ~np.isnan(y)
        if single.any():
            ax.scatter(x[single], y[single], s=(style.get("markersize", 3) * 1.6) ** 2,
                       facecolors="white", edgecolors=color, linewidths=0.9, zorder=3)
    return line


def _use_bands(errorbars, n_lines):
    if errorbars == "auto":
        return n_lines <= 3
    return bool(errorbars)


def plot_stance_over_time(
    data,
    *,
    actor=None,
    stance=None,
    by=None,
    stances=STANCES,
    freq="month",
    errorbars="auto",
    legend=True,
    palette=None,
    ax=None,
    **kwargs,
):
    """Stance shares over time: one actor's stances, or one stance per actor.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`stance_over_time`, or a sentence table (aggregated with
        ``freq``).
    actor : str or list of str, optional
        With ``stance`` None: the actor whose stances are drawn (one line per
        stance); needed when ``data`` holds several actors. With ``stance``
        given: the actors drawn (default all in ``data``).
    stance : str, optional
        Draw this stance for each actor (one line per actor).
    by : str, optional
        The group column (default as in the data, else "actor").
    stances : sequence of str
        Stances drawn when plotting one actor.
    freq : str, default "month"
        Period length when ``data`` is a sentence table.
    errorbars : bool or "auto", default "auto"
        Shade the bootstrap intervals; "auto" shades them when there are at
        most three lines (more bands than that hide each other).
    legend : bool, default True
        Legend in one row above the Axes.
    palette : dict, optional
        Colour per stance (one actor) or per actor (one stance).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    Points sit at the start of their period. Periods in which the actor says
    nothing (or fewer than the ``min_sentences`` of the aggregation) are gaps,
    not interpolated. Points resting on a single document have no interval and
    are drawn as hollow circles.
    """
    func = "plot_stance_over_time"
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, ["period", "share"]):
        data = stance_over_time(
            data, freq=freq, by=by or "actor",
            actors=None if actor is None else ([actor] if isinstance(actor, str) else actor),
        )
    _require(data, ["period", "stance", "share"], func)
    by = _group_col(data, by)
    freq = data.attrs.get("freq", freq)
    ax = ax or plt.gca()
    style = {"marker": "o", "markersize": 2.5, "linewidth": 1.2, **kwargs}

    if stance is None:
        if actor is None:
            present = list(dict.fromkeys(data[by]))
            if len(present) != 1:
                raise ValueError(
                    f"{func}(): the data holds {len(present)} actors; pass actor=... to "
                    "draw one actor's stances, or stance=... to compare actors."
                )
            actor = present[0]
        sub = data.loc[data[by] == actor]
        if sub.empty:
            raise ValueError(f"{func}(): no rows with {by} == {actor!r}.")
        palette = {**STANCE_COLORS, **(palette or {})}
        series = [(s, sub.loc[sub["stance"] == s].sort_values("period"), palette[s])
                  for s in stances]
        ylabel = f"Share of {_names([actor], by)[0]}'s sentences"
    else:
        if stance not in STANCES:
            raise ValueError(f"{func}(): stance must be one of {list(STANCES)}, got {stance!r}.")
        sub = data.loc[data["stance"] == stance]
        groups = list(dict.fromkeys(sub[by]))
        if actor is not None:
            groups = [actor] if isinstance(actor, str) else list(actor)
        colors = dict(zip(groups, _ACTOR_COLORS * (len(groups) // len(_ACTOR_COLORS) + 1)))
        colors.update(palette or {})
        series = [(_names([g], by)[0], sub.loc[sub[by] == g].sort_values("period"), colors[g])
                  for g in groups]
        ylabel = f"Share of sentences {stance}"

    bands = _use_bands(errorbars, len(series))
    handles = [
        _draw_series(ax, rows, "share", color=color, label=label, bands=bands, style=style)
        for label, rows, color in series
    ]
    ax.set_ylim(-0.03, 1.03)  # room for the markers at 0% and 100%
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ci_text = _ci_text(data)
    ax.set_ylabel(ylabel + (f"\n(bands: {ci_text})" if bands and ci_text else ""))
    _date_axis(ax, freq)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    if legend and handles:
        _legend_above(ax, handles, ncol=min(len(handles), 4))
    return ax


# ---------------------------------------------------------------- target heatmap


def _stance_words(stances):
    words = {
        "threatening": "threats", "condemning": "condemnations", "neutral": "neutral sentences",
    }
    return " and ".join(words[s] for s in stances if s in words) or "sentences"


def plot_target_heatmap(
    data,
    *,
    value="share",
    annot="n",
    by=None,
    max_actors=None,
    max_targets=None,
    show_n=True,
    cmap="Reds",
    cbar=True,
    ax=None,
    **kwargs,
):
    """Heatmap of who threatens or condemns whom (actors in rows, targets in columns).

    Parameters
    ----------
    data : DataFrame
        Output of :func:`target_matrix`, or a sentence table.
    value : {"share", "n"}, default "share"
        What the colour shows.
    annot : {"n", "share", None}, default "n"
        What is written in each non-empty cell (empty cells stay blank).
    by : str, optional
        The actor column (default as in the data, else "actor").
    max_actors, max_targets : int, optional
        Keep only the first rows / columns (``target_matrix`` orders them by
        total, largest first). Shares keep their denominators.
    show_n : bool, default True
        Add each actor's number of counted sentences (all targets) to its label.
    cmap : str or Colormap, default "Reds"
    cbar : bool, default True
        Add a colour bar (horizontal, above the grid).
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_target_heatmap"
    if value not in ("share", "n"):
        raise ValueError(f"{func}(): value must be 'share' or 'n', got {value!r}.")
    if annot not in ("n", "share", None):
        raise ValueError(f"{func}(): annot must be 'n', 'share' or None, got {annot!r}.")
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, ["target", "n", "share"]):
        data = target_matrix(data, by=by or "actor")
    _require(data, ["target", "n", "share"], func,
             why_empty="no threatening or condemning sentences with a target")
    by = _group_col(data, by)
    ax = ax or plt.gca()
    actors = list(dict.fromkeys(data[by]))[:max_actors]
    targets = list(dict.fromkeys(data["target"]))[:max_targets]
    grid_n = data.pivot_table(index=by, columns="target", values="n", aggfunc="sum", fill_value=0)
    grid_n = grid_n.reindex(index=actors, columns=targets, fill_value=0)
    grid_s = data.pivot_table(
        index=by, columns="target", values="share", aggfunc="sum", fill_value=0
    )
    grid_s = grid_s.reindex(index=actors, columns=targets, fill_value=0.0)
    shown = (grid_s if value == "share" else grid_n).to_numpy(dtype=float)
    vmax = shown.max() if shown.max() > 0 else 1.0
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    image = ax.imshow(
        shown, cmap=cmap, vmin=0, vmax=vmax, aspect="auto", interpolation="nearest",
        **kwargs,
    )
    if annot:
        fontsize = mpl.rcParams["font.size"] * (0.85 if len(targets) > 8 else 0.95)
        for i in range(len(actors)):
            for j in range(len(targets)):
                n = int(grid_n.iat[i, j])
                if n == 0:
                    continue
                text = str(n) if annot == "n" else f"{100 * grid_s.iat[i, j]:.0f}%"
                color = "white" if _luminance(cmap(shown[i, j] / vmax)) < 0.45 else "black"
                ax.text(j, i, text, ha="center", va="center", color=color, fontsize=fontsize)
    xlabels = _names(targets, "target")
    ax.set_xticks(np.arange(len(targets)), xlabels)
    n_all_targets = data["target"].nunique()
    n_all_actors = data[by].nunique()
    ylabels = _names(actors, by)
    if show_n:
        totals = data.groupby(by, sort=False)["n"].sum()
        ylabels = [f"{lab} (n={int(totals[a])})" for lab, a in zip(ylabels, actors)]
    ax.set_yticks(np.arange(len(actors)), ylabels)
    ax.set_xlabel("Target" + (f" (the {len(targets)} most targeted of {n_all_targets})"
                              if len(targets) < n_all_targets else ""))
    ax.set_ylabel("Speaker (actor)" + (f"\n(the {len(actors)} most active of {n_all_actors})"
                                       if len(actors) < n_all_actors else ""))
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xticks(np.arange(len(targets) + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(len(actors) + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.0)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)
    _rotate_if_crowded(ax, xlabels)
    if cbar:
        normalize = data.attrs.get("normalize", "actor")
        words = _stance_words(data.attrs.get("stances", ("threatening", "condemning")))
        if value == "n":
            label = f"Number of {words}"
        elif normalize == "actor":
            label = f"Share of the speaker's {words}"
        elif normalize == "target":
            label = f"Share of the {words} aimed at the target"
        else:
            label = f"Share of all {words}"
        # a horizontal bar above the grid leaves the width to the cells
        bar = ax.figure.colorbar(image, ax=ax, location="top", fraction=0.04, pad=0.02,
                                 shrink=0.8, aspect=30)
        bar.set_label(label, labelpad=3)
        if value == "share":
            bar.ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            bar.ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        bar.ax.tick_params(length=2, pad=1)
        bar.outline.set_visible(False)
    return ax


# -------------------------------------------------------------- confusion matrix


def plot_confusion_matrix(
    cm,
    labels=None,
    *,
    normalize="true",
    annot="both",
    cmap="Blues",
    cbar=False,
    ax=None,
    **kwargs,
):
    """Confusion matrix of an evaluation: gold labels in rows, predictions in columns.

    Parameters
    ----------
    cm : array-like of shape (k, k) or DataFrame
        Counts; ``cm[i, j]`` is the number of items with gold label ``i``
        predicted as ``j`` (as in the ``confusion_matrix`` of an evaluation,
        or :func:`sklearn.metrics.confusion_matrix`).
    labels : sequence of str, optional
        Names of the k classes; default the DataFrame's index, or 0..k-1.
    normalize : {"true", None}, default "true"
        Colour by the row-normalised share (recall per gold class) or by count.
    annot : {"both", "count", "share", None}, default "both"
        Cell text: count and row percentage, one of them, or nothing.
    cmap : str or Colormap, default "Blues"
    cbar : bool, default False
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_confusion_matrix"
    if labels is None and isinstance(cm, pd.DataFrame):
        labels = [str(v) for v in cm.index]
    counts = np.asarray(cm, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise ValueError(f"{func}(): cm must be a square matrix, got shape {counts.shape}.")
    if np.any(counts < 0):
        raise ValueError(f"{func}(): cm holds negative counts.")
    k = counts.shape[0]
    labels = [str(v) for v in (labels if labels is not None else range(k))]
    if len(labels) != k:
        raise ValueError(f"{func}(): {len(labels)} labels for a {k} x {k} matrix.")
    if normalize not in ("true", None):
        raise ValueError(f"{func}(): normalize must be 'true' or None, got {normalize!r}.")
    if annot not in ("both", "count", "share", None):
        raise ValueError(f"{func}(): annot must be 'both', 'count', 'share' or None.")
    ax = ax or plt.gca()
    row_tot = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(row_tot > 0, counts / row_tot, np.nan)
    shown = np.nan_to_num(shares) if normalize == "true" else counts
    vmax = 1.0 if normalize == "true" else max(counts.max(), 1.0)
    cmap = mpl.colormaps[cmap] if isinstance(cmap, str) else cmap
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=vmax, interpolation="nearest", **kwargs)
    if annot:
        for i in range(k):
            for j in range(k):
                pct = "–" if np.isnan(shares[i, j]) else f"{100 * shares[i, j]:.0f}%"
                text = {
                    "both": f"{int(counts[i, j])}\n({pct})",
                    "count": f"{int(counts[i, j])}",
                    "share": pct,
                }[annot]
                color = "white" if _luminance(cmap(shown[i, j] / vmax)) < 0.45 else "black"
                ax.text(j, i, text, ha="center", va="center", color=color,
                        fontsize=mpl.rcParams["font.size"] * 0.95, linespacing=1.1)
    ax.set_xticks(np.arange(k), labels)
    ax.set_yticks(np.arange(k), labels)
    ax.set_xlabel("Predicted label")
    ax.set_ylabel("Gold label")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    _rotate_if_crowded(ax, labels)
    if cbar:
        bar = ax.figure.colorbar(image, ax=ax, fraction=0.05, pad=0.03)
        if normalize == "true":
            bar.set_label("Share of the gold class")
            bar.ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        else:
            bar.set_label("Count")
        bar.outline.set_visible(False)
    return ax


# ----------------------------------------------------------------------- sentiment


def _pick_measure(data, measure, func):
    measures = list(dict.fromkeys(data["measure"]))
    if measure is None:
        if len(measures) != 1:
            raise ValueError(f"{func}(): the data holds measures {measures}; pass measure=....")
        return measures[0]
    if measure not in measures:
        raise ValueError(f"{func}(): measure {measure!r} not in the data ({measures}).")
    return measure


def plot_sentiment_by_actor(
    data,
    *,
    measure=None,
    by=None,
    sort=False,
    show_n=True,
    zero_line=None,
    color="#2b5d8a",
    ax=None,
    **kwargs,
):
    """Dot plot of each actor's mean tone with its bootstrap CI.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`sentiment_by_actor`, or a sentence table (aggregated
        for ``measure``, default "compound").
    measure : str, optional
        Which measure to draw when ``data`` holds several.
    by : str, optional
        The group column (default as in the data, else "actor").
    sort : bool, default False
        Order actors by their mean (lowest on top) instead of the data's order
        (by number of sentences, as in the other charts).
    show_n : bool, default True
        Add each actor's number of sentences to its label.
    zero_line : bool, optional
        Dashed line at 0; default: when the values straddle 0.
    color : colour, default a dark blue
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.errorbar`.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_sentiment_by_actor"
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, ["measure", "mean"]):
        data = sentiment_by_actor(data, value=measure or "compound", by=by or "actor")
    _require(data, ["measure", "mean"], func)
    by = _group_col(data, by)
    measure = _pick_measure(data, measure, func)
    rows = data.loc[data["measure"] == measure]
    if sort:
        rows = rows.sort_values("mean", kind="mergesort")
    ax = ax or plt.gca()
    groups = list(rows[by])
    labels = _names(groups, by)
    if show_n and "n_sentences" in rows.columns:
        labels = [f"{lab} (n={n})" for lab, n in zip(labels, rows["n_sentences"])]
    pos = np.arange(len(groups), dtype=float)
    mean = rows["mean"].to_numpy(dtype=float)
    style = {"fmt": "o", "color": color, "markersize": 4, "elinewidth": 1.0,
             "capsize": 2, "capthick": 1.0, **kwargs}
    has_ci = {"ci_low", "ci_high"} <= set(rows.columns)
    if has_ci:
        err = np.nan_to_num(_err(mean, rows["ci_low"], rows["ci_high"]))
        ax.errorbar(mean, pos, xerr=err, **style)
        lows = rows["ci_low"].to_numpy(dtype=float)
        highs = rows["ci_high"].to_numpy(dtype=float)
    else:
        ax.errorbar(mean, pos, **style)
        lows = highs = mean
    lo = np.nanmin(np.concatenate([mean, lows]), initial=0.0)
    hi = np.nanmax(np.concatenate([mean, highs]), initial=0.0)
    if zero_line is None:
        zero_line = lo < 0 < hi
    if zero_line:
        ax.axvline(0, color="#808080", linewidth=0.8, linestyle="--", zorder=0)
    ax.set_yticks(pos, labels)
    ax.set_ylim(len(groups) - 0.5, -0.5)
    xlabel = _MEASURE_LABELS.get(measure, f"Mean {measure}")
    ci_text = _ci_text(data)
    if ci_text and has_ci:
        xlabel += f"\n(error bars: {ci_text}"
        if rows["ci_low"].isna().any():
            xlabel += ";\nnone for actors quoted in one document only"
        xlabel += ")"
    ax.set_xlabel(xlabel)
    ax.set_ylabel("")
    ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    return ax


def plot_sentiment_over_time(
    data,
    *,
    measure=None,
    actors=None,
    by=None,
    freq="month",
    errorbars="auto",
    legend=True,
    palette=None,
    ax=None,
    **kwargs,
):
    """Mean tone per actor over time, one line per actor with its CI band.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`sentiment_over_time`, or a sentence table (aggregated
        for ``measure``, default "compound", with ``freq``).
    measure : str, optional
        Which measure to draw when ``data`` holds several.
    actors : list of str, optional
        Which actors, in this order (default all in the data; more than four
        lines are hard to read).
    by : str, optional
    freq : str, default "month"
        Period length when ``data`` is a sentence table.
    errorbars : bool or "auto", default "auto"
        Shade the bootstrap intervals; "auto" shades them when there are at
        most three lines.
    legend : bool, default True
    palette : dict, optional
        Actor -> colour.
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.plot`.

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    As in :func:`plot_stance_over_time`: points at the start of their period,
    gaps where an actor has no sentences, hollow points where the mean rests
    on a single document.
    """
    func = "plot_sentiment_over_time"
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, ["period", "mean"]):
        data = sentiment_over_time(
            data, value=measure or "compound", freq=freq, by=by or "actor", actors=actors
        )
    _require(data, ["period", "measure", "mean"], func)
    by = _group_col(data, by)
    freq = data.attrs.get("freq", freq)
    measure = _pick_measure(data, measure, func)
    rows = data.loc[data["measure"] == measure]
    groups = list(dict.fromkeys(rows[by])) if actors is None else list(actors)
    colors = dict(zip(groups, _ACTOR_COLORS * (len(groups) // len(_ACTOR_COLORS) + 1)))
    colors.update(palette or {})
    ax = ax or plt.gca()
    style = {"marker": "o", "markersize": 2.5, "linewidth": 1.2, **kwargs}
    bands = _use_bands(errorbars, len(groups))
    handles = [
        _draw_series(ax, rows.loc[rows[by] == g].sort_values("period"), "mean",
                     color=colors[g], label=_names([g], by)[0], bands=bands, style=style)
        for g in groups
    ]
    values = rows[["mean"] + [c for c in ("ci_low", "ci_high") if c in rows.columns]]
    values = values.to_numpy(dtype=float)
    if values.size and np.nanmin(values, initial=0.0) < 0 < np.nanmax(values, initial=0.0):
        ax.axhline(0, color="#808080", linewidth=0.8, linestyle="--", zorder=0)
    ylabel = _MEASURE_LABELS.get(measure, f"Mean {measure}")
    ci_text = _ci_text(data)
    ax.set_ylabel(ylabel + (f"\n(bands: {ci_text})" if bands and ci_text else ""))
    _date_axis(ax, freq)
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    if legend and handles:
        _legend_above(ax, handles, ncol=min(len(handles), 4))
    return ax


# ----------------------------------------------------------- stance vs hostility


def _box_distances(box, centres, radii):
    """Distance (display units) from a box to the edge of each round marker."""
    zeros = np.zeros(len(centres))
    dx = np.maximum.reduce([box.x0 - centres[:, 0], zeros, centres[:, 0] - box.x1])
    dy = np.maximum.reduce([box.y0 - centres[:, 1], zeros, centres[:, 1] - box.y1])
    return np.hypot(dx, dy) - radii


def _place_labels(ax, xs, ys, texts, sizes, *, fontsize):
    """Label points, trying positions around each so that labels overlap
    neither each other nor other points, stay inside the Axes, and sit nearer
    their own point than any other."""
    fig = ax.figure
    try:
        renderer = fig.canvas.get_renderer()
    except AttributeError:  # a canvas that cannot measure text
        renderer = None
    if renderer is not None:
        fig.draw_without_rendering()  # settle the layout before measuring
    radii = np.sqrt(sizes) / 2  # marker radius in points
    scale = fig.dpi / 72.0
    centres = ax.transData.transform(np.column_stack([xs, ys]))
    point_boxes = [
        mpl.transforms.Bbox.from_extents(cx - r * scale, cy - r * scale,
                                         cx + r * scale, cy + r * scale)
        for (cx, cy), r in zip(centres, radii)
    ]
    axes_box = ax.get_window_extent(renderer) if renderer is not None else None
    placed = []
    for i, (x, y, text) in enumerate(zip(xs, ys, texts)):
        gap = radii[i] + 1.5
        diag = gap * 0.75
        candidates = [
            ((diag, diag), "left", "bottom"), ((diag, -diag), "left", "top"),
            ((-diag, diag), "right", "bottom"), ((-diag, -diag), "right", "top"),
            ((0, gap), "center", "bottom"), ((0, -gap), "center", "top"),
            ((gap, 0), "left", "center"), ((-gap, 0), "right", "center"),
        ]
        chosen, best = None, -np.inf
        for rank, (offset, ha, va) in enumerate(candidates):
            label = ax.annotate(
                text, (x, y), xytext=offset, textcoords="offset points",
                ha=ha, va=va, fontsize=fontsize, color="#202020",
            )
            if renderer is None:
                chosen = label
                break
            box = label.get_window_extent(renderer).expanded(1.03, 1.06)
            clash = any(box.overlaps(other) for other in placed) or any(
                box.overlaps(pb) for j, pb in enumerate(point_boxes) if j != i
            )
            inside = (
                box.x0 >= axes_box.x0 and box.x1 <= axes_box.x1
                and box.y0 >= axes_box.y0 and box.y1 <= axes_box.y1
            )
            if clash or not inside:
                label.remove()
                continue
            # prefer positions where the label is clearly nearer its own point
            # than any other point (no ambiguity), then the earlier candidates
            dist = _box_distances(box, centres, radii * scale)
            others = np.delete(dist, i)
            margin = (others.min() if others.size else np.inf) - dist[i]
            score = min(margin, 40.0 * scale) - rank * 0.5
            if score > best:
                if chosen is not None:
                    chosen.remove()
                chosen, best = label, score
            else:
                label.remove()
        if chosen is None:  # nothing fits: the first position, with a leader line
            offset, ha, va = candidates[0]
            chosen = ax.annotate(
                text, (x, y), xytext=(offset[0] + 6, offset[1] + 6),
                textcoords="offset points", ha=ha, va=va, fontsize=fontsize,
                color="#202020",
                arrowprops={"arrowstyle": "-", "color": "#808080", "linewidth": 0.5,
                            "shrinkA": 0, "shrinkB": radii[i]},
            )
        if renderer is not None:
            placed.append(chosen.get_window_extent(renderer))


def plot_stance_vs_hostility(
    data,
    *,
    x="share_threat_condemn",
    y=None,
    by=None,
    size="n_sentences",
    labels=True,
    color="#8c2d04",
    ax=None,
    **kwargs,
):
    """Scatter of actors: share of threats/condemnations against hostile language.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`stance_vs_hostility`, or a sentence table.
    x : str, default "share_threat_condemn"
        Column on the x axis (a share).
    y : str, optional
        Column on the y axis; default the ``mean_<value>`` column.
    by : str, optional
        The group column (default as in the data, else "actor").
    size : str or None, default "n_sentences"
        Column that scales the marker area (None: equal markers); a legend
        above the Axes gives the scale.
    labels : bool, default True
        Write each actor's name next to its point, placed to avoid overlaps
        (actors at the same point share one label).
    color : colour
    ax : matplotlib Axes, optional
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.scatter`.

    Returns
    -------
    matplotlib Axes
    """
    func = "plot_stance_vs_hostility"
    if isinstance(data, pd.DataFrame) and _is_sentence_table(data, [x]):
        data = stance_vs_hostility(data, by=by or "actor")
    if y is None:
        means = [c for c in data.columns if str(c).startswith("mean_")]
        if len(means) != 1:
            raise ValueError(f"{func}(): pass y=... (candidate columns: {means}).")
        y = means[0]
    _require(data, [x, y] + ([size] if size else []), func)
    by = _group_col(data, by)
    ax = ax or plt.gca()
    rows = data.loc[data[x].notna() & data[y].notna()]
    xs = rows[x].to_numpy(dtype=float)
    ys = rows[y].to_numpy(dtype=float)
    n_max = max(float(rows[size].max()), 1.0) if size and len(rows) else 1.0

    def area(n):
        return 12 + 160 * np.asarray(n, dtype=float) / n_max

    sizes = area(rows[size]) if size else np.full(len(rows), 30.0)
    style = {"color": color, "alpha": 0.75, "edgecolor": "white", "linewidth": 0.6,
             "zorder": 3, "clip_on": False, **kwargs}
    ax.scatter(xs, ys, s=sizes, **style)
    is_share = x.startswith("share")
    if len(rows):
        xpad = max((xs.max() - xs.min()) * 0.15, 0.05)
        ypad = max((ys.max() - ys.min()) * 0.15, 0.05 * max(abs(ys.max()), 1.0))
        left, right = xs.min() - xpad, xs.max() + xpad
        if is_share:
            left, right = max(0.0, left), min(1.0, right)
            if right - left < 0.2:  # a handful of similar actors: show some context
                mid = (left + right) / 2
                left, right = max(0.0, mid - 0.1), min(1.0, mid + 0.1)
        ax.set_xlim(left, right)
        ax.set_ylim(ys.min() - ypad, ys.max() + ypad)
    if is_share:
        ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(
        "Share of the actor's sentences\nthat threaten or condemn"
        if x == "share_threat_condemn" else x
    )
    measure = y[5:] if y.startswith("mean_") else y
    ax.set_ylabel(_MEASURE_LABELS.get(measure, y))
    ax.grid(color="#ededed", linewidth=0.6)
    ax.set_axisbelow(True)
    if size and len(rows) > 1:
        big = _nice_round(n_max)
        small = _nice_round(n_max / 4)
        handles = [
            ax.scatter([], [], s=area(v), color=color, alpha=0.75, edgecolor="white",
                       label=f"{v:g} sentence" + ("" if v == 1 else "s"))
            for v in sorted({small, big}) if v > 0
        ]
        _legend_above(ax, handles)
    if labels and len(rows):
        # actors at the same point share one label
        names = _names(list(rows[by]), by)
        spots = {}
        for i, key in enumerate(zip(np.round(xs, 9), np.round(ys, 9))):
            spots.setdefault(key, []).append(i)
        first = [idx[0] for idx in spots.values()]
        text = {idx[0]: ", ".join(names[i] for i in idx) for idx in spots.values()}
        big = {idx[0]: max(sizes[i] for i in idx) for idx in spots.values()}
        order = sorted(first, key=lambda i: -big[i])
        _place_labels(ax, xs[order], ys[order], [text[i] for i in order],
                      np.array([big[i] for i in order]),
                      fontsize=mpl.rcParams["font.size"] * 0.85)
    return ax


def _nice_round(v):
    """Round down to one significant digit (legend keys never exceed the largest point)."""
    if v <= 0:
        return 0.0
    mag = 10 ** math.floor(math.log10(v))
    return float(math.floor(v / mag) * mag)


# -------------------------------------------------------------- standard charts

_PAPER_RC = {
    "font.size": 8,
    "axes.titlesize": 8,
    "axes.labelsize": 8,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
}


def _keep_attrs(frame, mask):
    out = frame.loc[mask].copy()
    out.attrs = dict(frame.attrs)
    return out


def _new_figure(width, height):
    """A figure outside pyplot's state (nothing to close, any backend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _over_time_panels(over, panels, freq, save):
    """Small multiples of stance over time, one panel per actor."""
    ncols = 1 if len(panels) == 1 else 2
    nrows = math.ceil(len(panels) / ncols)
    width = COLUMN_WIDTH if ncols == 1 else TEXT_WIDTH
    fig = _new_figure(width, 0.7 + 1.6 * nrows)
    axes = fig.subplots(nrows, ncols, sharex=True, sharey=True, squeeze=False)
    hostile = ("threatening", "condemning")
    first = over.loc[over["stance"] == STANCES[0]]
    n_sent = first.groupby("actor", sort=False)["n_sentences"].sum()
    for ax, actor in zip(axes.flat, panels):
        plot_stance_over_time(over, actor=actor, stances=hostile, errorbars=True,
                              legend=False, ax=ax)
        ax.set_title(f"{actor_name(actor)} (n={int(n_sent[actor])})", loc="left")
        ax.set_ylabel("Share of the actor's\nsentences" if ax in axes[:, 0] else "")
        if ax not in axes[-1, :]:
            ax.set_xlabel("")
    for ax in list(axes.flat)[len(panels):]:
        ax.set_visible(False)
    handles = [Line2D([], [], color=STANCE_COLORS[s], marker="o", markersize=3, label=s)
               for s in hostile]
    ci_text = _ci_text(over)
    if ci_text:
        handles.append(Patch(color="#808080", alpha=0.25, label=ci_text))
    handles.append(Line2D([], [], color="#606060", marker="o", markerfacecolor="white",
                          linestyle="none", markersize=4, label="one document (no CI)"))
    handles.append(Line2D([], [], color="none", label="gaps: < 3 sentences"))
    fig.legend(handles=handles, loc="outside upper center", ncol=len(handles),
               frameon=False, handlelength=1.4, columnspacing=1.0)
    save(fig, "stance_over_time")


def _choose_freq(df, actors):
    """The finest period giving about fifteen sentences per actor and period (at most 24 periods).

    Returns ``(freq, n_periods)``; ``(None, n)`` when no period length gives
    at least two periods.
    """
    dates = pd.to_datetime(df["date"], errors="coerce", format="ISO8601")
    sub = dates[df["actor"].isin(actors) & dates.notna()]
    if sub.empty:
        return None, 0
    options = []
    for freq, code in (("month", "M"), ("quarter", "Q"), ("year", "Y")):
        periods = sub.dt.to_period(code)
        n_periods = (periods.max() - periods.min()).n + 1
        per_cell = len(sub) / (len(actors) * n_periods)
        options.append((freq, n_periods, per_cell))
    for freq, n_periods, per_cell in options:
        if per_cell >= 15 and 3 <= n_periods <= 24:
            return freq, n_periods
    for min_periods in (3, 2):
        fitting = [(f, n) for f, n, _ in options if n >= min_periods]
        if fitting:
            return fitting[-1]
    return None, options[0][1]


def write_standard_charts(
    table,
    out_dir,
    *,
    prefix="",
    top=4,
    max_actors=12,
    freq=None,
    n_boot=1000,
    seed=0,
    dpi=300,
):
    """Write the standard charts of a sentence table as PNG files.

    Charts: stance shares by actor (``stance_shares.png``), the shares of
    threatening and condemning sentences over time, one panel for each of the
    ``top`` actors (``stance_over_time.png``), who targets whom
    (``target_heatmap.png``), mean VADER compound by actor
    (``sentiment_by_actor.png``) and stance against hostility
    (``stance_vs_hostility.png``). Figures are one paper column wide
    (:data:`COLUMN_WIDTH`), the panels over time and large heatmaps the full
    text width (:data:`TEXT_WIDTH`); fonts are 7-8 pt. The writer's own
    sentences (``AUTHOR``) are left out.

    A chart is skipped when the table cannot support it: over time needs an
    actor with at least two periods of three or more sentences from two or
    more documents (other actors are left out of it), the heatmap
    needs threatening or condemning sentences with targets, the sentiment
    charts need the sentiment columns (a gold table has none), the scatter
    needs two actors. The returned list says which files were written.

    Parameters
    ----------
    table : DataFrame
        The sentence table from :func:`toolkit.analyze` (or a gold table).
    out_dir : str or Path
        Folder for the files (created if missing).
    prefix : str, default ""
        Prepended to every file name.
    top : int, default 4
        Actors shown over time (the ones with the most sentences, among those
        with dated sentences).
    max_actors : int, default 12
        Actors shown in the other charts (the ones with the most sentences).
    freq : {"month", "quarter", "year", "week"}, optional
        Period of the over-time chart; default: the finest of month, quarter
        and year that gives the shown actors about five sentences per period.
    n_boot, seed : int
        Bootstrap replicates and seed of the intervals.
    dpi : int, default 300

    Returns
    -------
    list of pathlib.Path
        The files written, in the order above.
    """
    from ._compare import _check_table

    _check_table(table, ["doc_id", "actor", "stance"], "write_standard_charts")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    def save(fig, name):
        path = out_dir / f"{prefix}{name}.png"
        fig.savefig(path, dpi=dpi, bbox_inches="tight", pad_inches=0.03)
        written.append(path)

    with mpl.rc_context(_PAPER_RC):
        shares = stance_shares(table, n_boot=n_boot, seed=seed)
        actors = list(dict.fromkeys(shares["actor"]))[:max_actors]
        if not actors:
            return written
        shares = _keep_attrs(shares, shares["actor"].isin(actors))

        # 1. stance shares by actor
        horizontal = len(actors) > 4
        height = 0.75 + 0.36 * len(actors) if horizontal else 2.4
        fig = _new_figure(COLUMN_WIDTH, height)
        plot_stance_shares(shares, ax=fig.add_subplot(), orient="h" if horizontal else None)
        save(fig, "stance_shares")

        # 2. stance over time, one panel per top actor (threatening and
        #    condemning; neutral is the rest), only for actors with at least
        #    two periods that have enough sentences to estimate a share
        if "date" in table.columns:
            dates = pd.to_datetime(table["date"], errors="coerce", format="ISO8601")
            dated = set(table.loc[dates.notna(), "actor"].astype(str))
            top_actors = [a for a in actors if a in dated][:top]
            chosen = (freq or _choose_freq(table, top_actors)[0]) if top_actors else None
            if chosen is not None:
                over = stance_over_time(
                    table, freq=chosen, actors=top_actors, n_boot=n_boot, seed=seed,
                    min_sentences=3,
                )
                first = over.loc[over["stance"] == STANCES[0]]
                backed = first["share"].notna() & (first["n_docs"] >= 2)
                estimable = first.loc[backed].groupby("actor").size()
                panels = [a for a in top_actors if estimable.get(a, 0) >= 2]
                if panels:
                    _over_time_panels(over, panels, chosen, save)

        # 3. target heatmap
        if "target" in table.columns:
            matrix = target_matrix(table)
            if len(matrix):
                n_act = min(matrix["actor"].nunique(), max_actors)
                n_tgt = min(matrix["target"].nunique(), max_actors)
                width = COLUMN_WIDTH if n_tgt <= 8 else min(TEXT_WIDTH, 2.2 + 0.3 * n_tgt)
                fig = _new_figure(width, 1.2 + 0.25 * n_act)
                plot_target_heatmap(matrix, ax=fig.add_subplot(), max_actors=max_actors,
                                    max_targets=max_actors)
                save(fig, "target_heatmap")

        # 4. sentiment by actor
        if "compound" in table.columns and table["compound"].notna().any():
            tone = sentiment_by_actor(table, value="compound", n_boot=n_boot, seed=seed)
            tone = _keep_attrs(tone, tone["actor"].isin(actors))
            if len(tone):
                fig = _new_figure(COLUMN_WIDTH, 0.85 + 0.3 * len(tone))
                plot_sentiment_by_actor(tone, ax=fig.add_subplot())
                save(fig, "sentiment_by_actor")

        # 5. stance vs hostility
        if "hostility" in table.columns and table["hostility"].notna().any():
            svh = stance_vs_hostility(table)
            svh = svh.loc[svh["actor"].isin(actors) & svh["mean_hostility"].notna()]
            if len(svh) >= 2:
                fig = _new_figure(COLUMN_WIDTH, 3.0)
                plot_stance_vs_hostility(svh, ax=fig.add_subplot())
                save(fig, "stance_vs_hostility")
    return written
