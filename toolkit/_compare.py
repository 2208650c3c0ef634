"""Tidy comparisons of actors: stance shares, targets, tone, over time.

Every function takes the sentence table returned by :func:`toolkit.analyze` (or a
gold corpus table, for the functions that need no model output) and returns a
long-form :class:`pandas.DataFrame` that goes straight into the functions of
:mod:`toolkit.plotting`.

Uncertainty
-----------
Sentences of one document are not independent: an actor quoted five times in one
article usually keeps one tone throughout. All confidence intervals here are
therefore *cluster* bootstrap intervals: the documents in which an actor speaks
are resampled with replacement, and the statistic (a share of sentences, a mean
over sentences) is recomputed on all sentences of the resampled documents. The
interval is the percentile interval of those replicates. With fewer than two
documents there is nothing to resample and the interval is ``NaN``. Each group
(actor, or actor and period) draws from its own random stream derived from
``seed`` and the group's key, so an actor's interval does not change when other
actors are added to or removed from the table.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
import pandas as pd

from ._stance import STANCES

__all__ = [
    "STANCES",
    "ActorComparison",
    "compare_actors",
    "sentiment_by_actor",
    "sentiment_over_time",
    "stance_over_time",
    "stance_shares",
    "stance_vs_hostility",
    "target_matrix",
    "typical_sentences",
]


_FREQS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
_NORMALIZE = ("actor", "target", "all")
_MAX_CELLS = 4_000_000  # largest (replicates x documents) block held in memory


# --------------------------------------------------------------------------- checks


def _check_table(table, columns, func):
    """Raise a clear error if ``table`` is not a DataFrame with ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{func}() expects a pandas DataFrame (the sentence table), "
            f"got {type(table).__name__}."
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        noun = "column" if len(missing) == 1 else "columns"
        raise ValueError(
            f"{func}() needs the {noun} {names}, which the table does not have "
            f"(it has: {', '.join(map(str, table.columns))})."
        )


def _check_boot(n_boot, ci, func):
    if not isinstance(n_boot, Integral) or isinstance(n_boot, bool) or n_boot < 0:
        raise ValueError(f"{func}(): n_boot must be a non-negative integer, got {n_boot!r}.")
    if not (isinstance(ci, (int, float)) and 0 < ci < 1):
        raise ValueError(f"{func}(): ci must be a number between 0 and 1, got {ci!r}.")


def _check_min(min_sentences, func):
    if (
        not isinstance(min_sentences, Integral)
        or isinstance(min_sentences, bool)
        or min_sentences < 1
    ):
        raise ValueError(
            f"{func}(): min_sentences must be a positive integer, got {min_sentences!r}."
        )


def _check_stances(df, func):
    values = df["stance"]
    bad = sorted({str(v) for v in values[~values.isin(STANCES)].unique()})
    if bad:
        raise ValueError(
            f"{func}(): unknown stance labels {bad} in column 'stance'; "
            f"expected one of {list(STANCES)}."
        )


def _as_tuple(exclude):
    if exclude is None:
        return ()
    if isinstance(exclude, str):
        return (exclude,)
    return tuple(exclude)


def _select(table, by, exclude):
    """Rows with a value in ``by`` that is not excluded; ``by`` cast to str."""
    df = table.loc[table[by].notna()].copy()
    df[by] = df[by].astype(str)
    df = df.loc[(df[by] != "") & ~df[by].isin(_as_tuple(exclude))]
    df["doc_id"] = df["doc_id"].astype(str)
    return df


def _periods(df, freq, func):
    """Add a ``_period`` column (pandas Period); drop undated rows."""
    if freq not in _FREQS:
        raise ValueError(
            f"{func}(): freq must be one of {list(_FREQS)}, got {freq!r}."
        )
    dates = pd.to_datetime(df["date"], errors="coerce", format="ISO8601")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_localize(None)
    df = df.assign(_period=dates.dt.to_period(_FREQS[freq]))
    return df.loc[df["_period"].notna()]


def _order_groups(df, by):
    """Group keys ordered by number of sentences (descending), then by key."""
    sizes = df.groupby(by).size()
    return sorted(sizes.index, key=lambda k: (-sizes[k], k))


def _pick_actors(df, by, actors, func):
    """Filter ``df`` to ``actors`` (None: all; int: top n by sentences; list)."""
    if actors is None:
        return df
    order = _order_groups(df, by)
    if isinstance(actors, Integral) and not isinstance(actors, bool):
        if actors < 1:
            raise ValueError(f"{func}(): actors must be >= 1 when an integer, got {actors}.")
        keep = order[:actors]
    else:
        keep = [actors] if isinstance(actors, str) else list(actors)
        unknown = [a for a in keep if a not in set(order)]
        if unknown:
            raise ValueError(
                f"{func}(): no sentences for {by} {unknown} "
                f"(after exclusions and dropping undated rows where relevant)."
            )
    return df.loc[df[by].isin(keep)]


# ------------------------------------------------------------------------ bootstrap


def _rng(seed, key):
    """A random generator for one group, independent of the other groups."""
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng([int(seed), zlib.crc32(repr(key).encode("utf-8"))])


def _boot_ratio(num, den, *, n_boot, ci, rng):
    """Percentile CI of ``sum(num) / sum(den)`` resampling rows (documents).

    ``num`` is (n_docs, k) per-document sums, ``den`` (n_docs,) per-document
    sentence counts. Returns two arrays of length k (NaN when n_docs < 2).
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    k = num.shape[1]
    n_docs = den.shape[0]
    if n_boot == 0 or n_docs < 2:
        return np.full(k, np.nan), np.full(k, np.nan)
    probs = np.full(n_docs, 1.0 / n_docs)
    chunk = max(1, _MAX_CELLS // n_docs)
    reps = []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        weights = rng.multinomial(n_docs, probs, size=size)
        reps.append((weights @ num) / (weights @ den)[:, None])
    reps = np.concatenate(reps)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(reps, [alpha, 1.0 - alpha], axis=0)
    return low, high


def _stance_cell(doc_counts, *, n_boot, ci, rng):
    """Shares and CIs from a (n_docs, 3) array of stance counts per document."""
    counts = doc_counts.sum(axis=0)
    total = counts.sum()
    share = counts / total
    low, high = _boot_ratio(doc_counts, doc_counts.sum(axis=1), n_boot=n_boot, ci=ci, rng=rng)
    return counts, share, low, high


def _doc_stance_counts(df, keys):
    """Stance counts per (*keys, doc_id): a DataFrame with the STANCES as columns."""
    counts = (
        df.groupby([*keys, "doc_id", "stance"], sort=True)
        .size()
        .unstack("stance", fill_value=0)
    )
    return counts.reindex(columns=list(STANCES), fill_value=0)


# ------------------------------------------------------------------- stance shares

_SHARE_COLS = ["stance", "n", "share", "ci_low", "ci_high", "n_sentences", "n_docs"]


def stance_shares(
    table,
    *,
    by="actor",
    n_boot=1000,
    ci=0.95,
    seed=0,
    min_sentences=1,
    exclude=("AUTHOR",),
):
    """Share of each stance in each actor's sentences, with bootstrap CIs.

    Parameters
    ----------
    table : DataFrame
        The sentence table (columns ``doc_id``, ``stance`` and ``by``).
    by : str, default "actor"
        Column that defines the groups (``"actor"``, ``"speaker"``,
        ``"source_type"``, ...).
    n_boot : int, default 1000
        Bootstrap replicates; 0 skips the intervals (``ci_low``/``ci_high`` NaN).
    ci : float, default 0.95
        Coverage of the percentile interval.
    seed : int or None, default 0
        Seed of the resampling; None for fresh randomness.
    min_sentences : int, default 1
        Groups with fewer sentences are left out.
    exclude : sequence of str, default ("AUTHOR",)
        Values of ``by`` to leave out. The writer's own sentences are neutral by
        definition (codebook rule 1), so they are excluded by default.

    Returns
    -------
    DataFrame
        One row per group and stance (all three stances, also when the count
        is 0), columns ``<by>, stance, n, share, ci_low, ci_high, n_sentences,
        n_docs``. ``share`` sums to 1 within a group. The interval resamples the
        group's documents (see the module notes); it is NaN when the group
        speaks in fewer than two documents. A stance the group never takes
        gets the interval [0, 0]: the bootstrap cannot show variation the
        sample does not contain, so read it with ``n_docs`` in mind. Groups
        are ordered by number of sentences, largest first; stances in the
        order of :data:`STANCES`.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d1", "d2", "d2", "d3"],
    ...     "actor": ["PRK", "PRK", "PRK", "USA", "USA"],
    ...     "stance": ["threatening", "neutral", "threatening", "condemning", "neutral"],
    ... })
    >>> shares = stance_shares(table, n_boot=200)
    >>> print(shares[["actor", "stance", "n", "share"]].round(2).to_string(index=False))
    actor      stance  n  share
      PRK threatening  2   0.67
      PRK  condemning  0   0.00
      PRK     neutral  1   0.33
      USA threatening  0   0.00
      USA  condemning  1   0.50
      USA     neutral  1   0.50
    """
    func = "stance_shares"
    _check_table(table, ["doc_id", "stance", by], func)
    _check_boot(n_boot, ci, func)
    _check_min(min_sentences, func)
    df = _select(table, by, exclude)
    _check_stances(df, func)

    rows = []
    if len(df):
        per_doc = _doc_stance_counts(df, [by])
        for key in _order_groups(df, by):
            doc_counts = per_doc.xs(key, level=by).to_numpy()
            n_sentences = int(doc_counts.sum())
            if n_sentences < min_sentences:
                continue
            counts, share, low, high = _stance_cell(
                doc_counts, n_boot=n_boot, ci=ci, rng=_rng(seed, key)
            )
            for j, stance in enumerate(STANCES):
                rows.append(
                    (key, stance, int(counts[j]), share[j], low[j], high[j],
                     n_sentences, doc_counts.shape[0])
                )
    out = pd.DataFrame(rows, columns=[by, *_SHARE_COLS])
    return _finish(out, ci=ci, n_boot=n_boot, by=by)


def _finish(out, **attrs):
    """Fix dtypes of an output frame and record how it was made in ``attrs``."""
    for col in ("n", "n_sentences", "n_docs"):
        if col in out.columns:
            out[col] = out[col].astype("int64")
    for col in ("share", "ci_low", "ci_high", "mean"):
        if col in out.columns:
            out[col] = out[col].astype("float64")
    out.attrs.update(attrs)
    return out


def stance_over_time(
    table,
    *,
    freq="month",
    by="actor",
    actors=None,
    n_boot=1000,
    ci=0.95,
    seed=0,
    min_sentences=1,
    exclude=("AUTHOR",),
):
    """Share of each stance per actor and period, with bootstrap CIs.

    Parameters
    ----------
    table : DataFrame
        The sentence table (columns ``doc_id``, ``date``, ``stance``, ``by``).
        Rows without a parseable ``date`` are left out.
    freq : {"month", "week", "quarter", "year"}, default "month"
        Length of a period. Weeks start on Monday.
    by : str, default "actor"
        Column that defines the groups.
    actors : None, int or list of str, default None
        Which groups: all (None), the ``actors`` largest by number of dated
        sentences (int), or the ones named.
    n_boot, ci, seed : see :func:`stance_shares`
        The bootstrap resamples the group's documents within each period.
    min_sentences : int, default 1
        Periods in which a group has fewer sentences keep their counts but get
        NaN shares and intervals (too few to estimate).
    exclude : sequence of str, default ("AUTHOR",)
        Values of ``by`` to leave out.

    Returns
    -------
    DataFrame
        Columns ``<by>, period, stance, n, share, ci_low, ci_high,
        n_sentences, n_docs``; ``period`` is the Timestamp of the period's
        start. Every group gets every period from the first to the last period
        of the selected data, so gaps are explicit: a period in which a group
        says nothing has ``n_sentences == 0`` and NaN shares (a line drawn from
        it breaks there instead of bridging the gap).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d1", "d2", "d3"],
    ...     "date": ["2024-01-05", "2024-01-05", "2024-03-02", "2024-03-20"],
    ...     "actor": ["PRK"] * 4,
    ...     "stance": ["threatening", "neutral", "condemning", "condemning"],
    ... })
    >>> out = stance_over_time(table, n_boot=0)
    >>> out.groupby("period")["n_sentences"].first().tolist()
    [2, 0, 2]
    >>> out.loc[out["stance"] == "condemning", "share"].tolist()
    [0.0, nan, 1.0]
    """
    func = "stance_over_time"
    _check_table(table, ["doc_id", "date", "stance", by], func)
    _check_boot(n_boot, ci, func)
    _check_min(min_sentences, func)
    df = _select(table, by, exclude)
    _check_stances(df, func)
    df = _periods(df, freq, func)
    df = _pick_actors(df, by, actors, func)

    rows = []
    if len(df):
        grid = pd.period_range(df["_period"].min(), df["_period"].max(), freq=_FREQS[freq])
        per_doc = _doc_stance_counts(df, [by, "_period"])
        nan3 = np.full(3, np.nan)
        for key in _order_groups(df, by):
            sub = per_doc.xs(key, level=by)
            present = set(sub.index.get_level_values("_period"))
            for period in grid:
                start = period.start_time
                if period in present:
                    doc_counts = sub.xs(period, level="_period").to_numpy()
                    n_sentences = int(doc_counts.sum())
                    n_docs = doc_counts.shape[0]
                    counts = doc_counts.sum(axis=0)
                    if n_sentences >= min_sentences:
                        _, share, low, high = _stance_cell(
                            doc_counts, n_boot=n_boot, ci=ci,
                            rng=_rng(seed, (key, str(period))),
                        )
                    else:
                        share, low, high = nan3, nan3, nan3
                else:
                    n_sentences, n_docs = 0, 0
                    counts, share, low, high = np.zeros(3), nan3, nan3, nan3
                for j, stance in enumerate(STANCES):
                    rows.append(
                        (key, start, stance, int(counts[j]), share[j], low[j], high[j],
                         n_sentences, n_docs)
                    )
    out = pd.DataFrame(rows, columns=[by, "period", *_SHARE_COLS])
    out["period"] = pd.to_datetime(out["period"])
    return _finish(out, ci=ci, n_boot=n_boot, by=by, freq=freq)


# ------------------------------------------------------------------ target matrix


def target_matrix(
    table,
    *,
    stances=("threatening", "condemning"),
    normalize="actor",
    by="actor",
    exclude=("AUTHOR",),
):
    """Who threatens or condemns whom: counts and shares per actor and target.

    Parameters
    ----------
    table : DataFrame
        The sentence table (columns ``stance``, ``target`` and ``by``).
    stances : sequence of str, default ("threatening", "condemning")
        The stances counted. Sentences of these stances with an empty target
        are not counted.
    normalize : {"actor", "target", "all"}, default "actor"
        What ``share`` divides by: the actor's counted sentences (each actor's
        shares sum to 1), the target's (each target's shares sum to 1), or all
        counted sentences.
    by : str, default "actor"
        Column that holds the speaking actor.
    exclude : sequence of str, default ("AUTHOR",)
        Values of ``by`` to leave out.

    Returns
    -------
    DataFrame
        The full actor x target grid in long form, columns ``<by>, target, n,
        share`` (cells with no sentences have ``n == 0`` and share 0). Actors
        and targets are ordered by their totals, largest first; self-targeting
        cells are kept.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "actor": ["PRK", "PRK", "PRK", "USA"],
    ...     "stance": ["threatening", "condemning", "neutral", "condemning"],
    ...     "target": ["USA", "KOR", "", "PRK"],
    ... })
    >>> m = target_matrix(table)
    >>> m.pivot(index="actor", columns="target", values="n")  # doctest: +NORMALIZE_WHITESPACE
    target  KOR  PRK  USA
    actor
    PRK       1    0    1
    USA       0    1    0
    >>> m.groupby("actor")["share"].sum().tolist()
    [1.0, 1.0]
    """
    func = "target_matrix"
    _check_table(table, ["stance", "target", by], func)
    if normalize not in _NORMALIZE:
        raise ValueError(
            f"{func}(): normalize must be one of {list(_NORMALIZE)}, got {normalize!r}."
        )
    stances = (stances,) if isinstance(stances, str) else tuple(stances)
    unknown = [s for s in stances if s not in STANCES]
    if unknown or not stances:
        raise ValueError(
            f"{func}(): stances must be taken from {list(STANCES)}, got {list(stances)}."
        )
    df = table.loc[table[by].notna() & table["target"].notna()].copy()
    df[by] = df[by].astype(str)
    df["target"] = df["target"].astype(str).str.strip()
    df = df.loc[(df[by] != "") & ~df[by].isin(_as_tuple(exclude))]
    _check_stances(df, func)
    df = df.loc[df["stance"].isin(stances) & (df["target"] != "")]

    columns = [by, "target", "n", "share"]
    if df.empty:
        return _finish(pd.DataFrame(columns=columns), normalize=normalize, stances=stances, by=by)
    counts = df.groupby([by, "target"]).size()
    actor_tot = counts.groupby(level=0).sum()
    target_tot = counts.groupby(level=1).sum()
    actors = sorted(actor_tot.index, key=lambda k: (-actor_tot[k], k))
    targets = sorted(target_tot.index, key=lambda k: (-target_tot[k], k))
    index = pd.MultiIndex.from_product([actors, targets], names=[by, "target"])
    out = counts.reindex(index, fill_value=0).rename("n").reset_index()
    if normalize == "actor":
        denom = out[by].map(actor_tot)
    elif normalize == "target":
        denom = out["target"].map(target_tot)
    else:
        denom = float(counts.sum())
    out["share"] = out["n"] / denom
    return _finish(out[columns], normalize=normalize, stances=stances, by=by)


# ---------------------------------------------------------------- compare actors


@dataclass(frozen=True)
class ActorComparison:
    """Result of :func:`compare_actors`.

    Attributes
    ----------
    a, b : str
        The two actors compared.
    method : str
        ``"chi2"`` or ``"permutation"``.
    statistic : float
        Pearson's chi-squared statistic of the 2 x k table of stance counts
        (stances no sentence of either actor has are dropped), no continuity
        correction.
    p_value : float
        From the chi-squared distribution or from the document permutations.
    cramers_v : float
        Cramér's V of the table, ``sqrt(statistic / n)`` for two rows: 0 when
        the distributions are equal, 1 when the stance determines the actor.
    dof : int
        Degrees of freedom of the table.
    counts : DataFrame
        The stance counts, index ``[a, b]``, columns the stances.
    n_perm : int
        Number of permutations (0 for ``"chi2"``).
    """

    a: str
    b: str
    method: str
    statistic: float
    p_value: float
    cramers_v: float
    dof: int
    counts: pd.DataFrame = field(repr=False)
    n_perm: int = 0

    def to_frame(self):
        """One-row DataFrame: a, b, method, statistic, p_value, cramers_v, dof,
        n_a, n_b and ``<stance>_a`` / ``<stance>_b`` counts."""
        row = {
            "a": self.a, "b": self.b, "method": self.method,
            "statistic": self.statistic, "p_value": self.p_value,
            "cramers_v": self.cramers_v, "dof": self.dof, "n_perm": self.n_perm,
            "n_a": int(self.counts.loc[self.a].sum()),
            "n_b": int(self.counts.loc[self.b].sum()),
        }
        for stance in self.counts.columns:
            row[f"{stance}_a"] = int(self.counts.loc[self.a, stance])
            row[f"{stance}_b"] = int(self.counts.loc[self.b, stance])
        return pd.DataFrame([row])


def _chi2_rows(table_a, col_tot):
    """Pearson chi2 of 2 x k tables given row a (..., k) and column totals (k,)."""
    total = col_tot.sum()
    n_a = table_a.sum(axis=-1, keepdims=True)
    exp_a = n_a * col_tot / total
    exp_b = (total - n_a) * col_tot / total
    table_b = col_tot - table_a
    return (((table_a - exp_a) ** 2) / exp_a + ((table_b - exp_b) ** 2) / exp_b).sum(axis=-1)


def compare_actors(table, a, b, *, method="chi2", n_perm=2000, seed=0, by="actor"):
    """Test whether two actors' stance distributions differ.

    Parameters
    ----------
    table : DataFrame
        The sentence table (columns ``doc_id``, ``stance`` and ``by``).
    a, b : str
        The two actors (values of ``by``).
    method : {"chi2", "permutation"}, default "chi2"
        ``"chi2"``: Pearson's chi-squared test of the 2 x 3 table of sentence
        counts. It treats sentences as independent, which they are not within
        a document, so its p-values are too small when actors speak many
        sentences per document. ``"permutation"``: the same statistic, with the
        p-value from shuffling the actor labels of whole documents (each
        document's block of sentences by ``a`` or ``b`` is one unit).
    n_perm : int, default 2000
        Number of permutations for ``"permutation"``.
    seed : int or None, default 0
        Seed of the permutations.
    by : str, default "actor"
        Column that holds the actor.

    Returns
    -------
    ActorComparison
        statistic, p_value, cramers_v, dof and the counts; ``.to_frame()`` gives
        a one-row DataFrame.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": [f"d{i}" for i in range(40)],
    ...     "actor": ["PRK"] * 20 + ["USA"] * 20,
    ...     "stance": ["threatening"] * 15 + ["neutral"] * 5
    ...     + ["threatening"] * 2 + ["neutral"] * 18,
    ... })
    >>> res = compare_actors(table, "PRK", "USA")
    >>> res.p_value < 0.001, round(res.cramers_v, 2)
    (True, 0.66)
    """
    func = "compare_actors"
    _check_table(table, ["doc_id", "stance", by], func)
    if method not in ("chi2", "permutation"):
        raise ValueError(f"{func}(): method must be 'chi2' or 'permutation', got {method!r}.")
    if a == b:
        raise ValueError(f"{func}(): a and b are the same actor ({a!r}).")
    if method == "permutation" and (
        not isinstance(n_perm, Integral) or isinstance(n_perm, bool) or n_perm < 1
    ):
        raise ValueError(f"{func}(): n_perm must be a positive integer, got {n_perm!r}.")
    df = _select(table, by, exclude=())
    df = df.loc[df[by].isin([a, b])]
    _check_stances(df, func)
    for actor in (a, b):
        if not (df[by] == actor).any():
            raise ValueError(f"{func}(): no sentences with {by} == {actor!r}.")

    per_doc = _doc_stance_counts(df, [by])
    counts = per_doc.groupby(level=by).sum().reindex([a, b])
    counts.index.name = by
    observed = counts.to_numpy(dtype=float)
    col_tot = observed.sum(axis=0)
    used = col_tot > 0
    dof = int(used.sum()) - 1
    n_total = observed.sum()
    if dof < 1:
        statistic, p_value = 0.0, 1.0
    else:
        statistic = float(_chi2_rows(observed[0, used], col_tot[used]))
    cramers_v = float(np.sqrt(statistic / n_total)) if dof >= 1 else 0.0

    if dof >= 1 and method == "chi2":
        from scipy import stats

        p_value = float(stats.chi2.sf(statistic, dof))
    elif dof >= 1:
        units = per_doc.to_numpy(dtype=float)[:, used]  # one row per (actor, doc)
        is_a = (per_doc.index.get_level_values(by) == a).astype(float)
        rng = _rng(seed, (a, b))
        chunk = max(1, _MAX_CELLS // len(is_a))
        exceed = 0
        for start in range(0, n_perm, chunk):
            size = min(chunk, n_perm - start)
            labels = rng.permuted(np.tile(is_a, (size, 1)), axis=1)
            stats_perm = _chi2_rows(labels @ units, col_tot[used])
            exceed += int(np.sum(stats_perm >= statistic * (1 - 1e-12)))
        p_value = (exceed + 1) / (n_perm + 1)
    return ActorComparison(
        a=a, b=b, method=method, statistic=statistic, p_value=float(p_value),
        cramers_v=cramers_v, dof=max(dof, 0), counts=counts.astype("int64"),
        n_perm=n_perm if method == "permutation" else 0,
    )


# ------------------------------------------------------------- typical sentences


def typical_sentences(
    table,
    *,
    stance="threatening",
    n=5,
    by="actor",
    actors=None,
    exclude=("AUTHOR",),
):
    """The sentences each actor says with the highest probability of a stance.

    Parameters
    ----------
    table : DataFrame
        The sentence table from :func:`toolkit.analyze` (needs ``p_<stance>``,
        so not a gold table).
    stance : {"threatening", "condemning", "neutral"}, default "threatening"
    n : int, default 5
        Sentences per actor (fewer when the actor has fewer).
    by : str, default "actor"
    actors : None, int or list of str, default None
        All groups, the largest ``actors`` by number of sentences, or those named.
    exclude : sequence of str, default ("AUTHOR",)

    Returns
    -------
    DataFrame
        Columns ``<by>, rank, doc_id, sent_idx, text, p_<stance>`` (and the
        predicted ``stance`` when the table has it), highest probability first
        within each actor (ties by document and position); actors ordered by
        number of sentences.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d1", "d2"], "sent_idx": [0, 1, 0],
    ...     "actor": ["PRK"] * 3, "text": ["a", "b", "c"],
    ...     "p_threatening": [0.2, 0.9, 0.6],
    ... })
    >>> typical_sentences(table, n=2)["text"].tolist()
    ['b', 'c']
    """
    func = "typical_sentences"
    if stance not in STANCES:
        raise ValueError(f"{func}(): stance must be one of {list(STANCES)}, got {stance!r}.")
    p_col = f"p_{stance}"
    _check_table(table, [by, "doc_id", "sent_idx", "text", p_col], func)
    if not isinstance(n, Integral) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{func}(): n must be a positive integer, got {n!r}.")
    df = _select(table, by, exclude)
    df = _pick_actors(df, by, actors, func)
    df = df.loc[df[p_col].notna()]
    columns = [by, "rank", "doc_id", "sent_idx", "text", p_col]
    if "stance" in df.columns:
        columns.append("stance")
    if df.empty:
        return pd.DataFrame(columns=columns)
    order = {k: i for i, k in enumerate(_order_groups(df, by))}
    df = df.assign(_group=df[by].map(order))
    df = df.sort_values(
        ["_group", p_col, "doc_id", "sent_idx"],
        ascending=[True, False, True, True],
        kind="mergesort",
    )
    out = df.groupby("_group", sort=False).head(n).copy()
    out["rank"] = out.groupby("_group").cumcount() + 1
    return out[columns].reset_index(drop=True)


# ----------------------------------------------------------------------- sentiment


def _measures(value, table, func):
    values = [value] if isinstance(value, str) else list(value)
    if not values:
        raise ValueError(f"{func}(): value must name at least one column.")
    _check_table(table, values, func)
    for col in values:
        if not pd.api.types.is_numeric_dtype(table[col]):
            raise ValueError(f"{func}(): column {col!r} is not numeric.")
    return values


def _filter_span(df, span, func):
    if span is None:
        return df
    _check_table(df, ["sentiment_span"], func)
    spans = (span,) if isinstance(span, str) else tuple(span)
    return df.loc[df["sentiment_span"].isin(spans)]


def _mean_cell(g, measure, *, n_boot, ci, rng):
    """Mean of ``measure`` over sentences, CI resampling documents."""
    per_doc = g.groupby("doc_id")[measure].agg(["sum", "count"])
    total = per_doc["count"].sum()
    mean = per_doc["sum"].sum() / total
    low, high = _boot_ratio(
        per_doc[["sum"]].to_numpy(), per_doc["count"].to_numpy(), n_boot=n_boot, ci=ci, rng=rng
    )
    return mean, low[0], high[0], int(total), len(per_doc)


def sentiment_by_actor(
    table,
    *,
    value="compound",
    by="actor",
    n_boot=1000,
    ci=0.95,
    seed=0,
    min_sentences=1,
    exclude=("AUTHOR",),
    span=None,
):
    """Mean tone per actor with a document-resampled bootstrap CI.

    Parameters
    ----------
    table : DataFrame
        The sentence table (``doc_id``, ``by`` and the ``value`` columns).
    value : str or list of str, default "compound"
        The measure(s): ``"compound"``, ``"pos"``, ``"neg"``, ``"neu"`` (VADER),
        ``"hostility"`` or any numeric column. Missing values are skipped.
    by : str, default "actor"
    n_boot, ci, seed : see :func:`stance_shares`
    min_sentences : int, default 1
        Groups with fewer non-missing values are left out.
    exclude : sequence of str, default ("AUTHOR",)
    span : None, "quote" or "sentence", default None
        Keep only sentences whose sentiment was measured on that span
        (column ``sentiment_span``); None keeps all.

    Returns
    -------
    DataFrame
        Columns ``<by>, measure, mean, ci_low, ci_high, n_sentences, n_docs``,
        one row per group and measure, groups ordered by number of sentences.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d1", "d2", "d3"],
    ...     "actor": ["PRK", "PRK", "PRK", "USA"],
    ...     "compound": [-0.5, -0.3, 0.2, 0.4],
    ... })
    >>> out = sentiment_by_actor(table, n_boot=0)
    >>> out[["actor", "mean", "n_sentences"]].round(2).values.tolist()
    [['PRK', -0.2, 3], ['USA', 0.4, 1]]
    """
    func = "sentiment_by_actor"
    _check_table(table, ["doc_id", by], func)
    measures = _measures(value, table, func)
    _check_boot(n_boot, ci, func)
    _check_min(min_sentences, func)
    df = _filter_span(_select(table, by, exclude), span, func)
    rows = []
    for measure in measures:
        sub = df.loc[df[measure].notna()]
        if sub.empty:
            continue
        for key in _order_groups(sub, by):
            g = sub.loc[sub[by] == key]
            if len(g) < min_sentences:
                continue
            mean, low, high, n_s, n_d = _mean_cell(
                g, measure, n_boot=n_boot, ci=ci, rng=_rng(seed, (key, measure))
            )
            rows.append((key, measure, mean, low, high, n_s, n_d))
    out = pd.DataFrame(
        rows, columns=[by, "measure", "mean", "ci_low", "ci_high", "n_sentences", "n_docs"]
    )
    return _finish(out, ci=ci, n_boot=n_boot, by=by)


def sentiment_over_time(
    table,
    *,
    value="compound",
    freq="month",
    by="actor",
    actors=None,
    n_boot=1000,
    ci=0.95,
    seed=0,
    min_sentences=1,
    exclude=("AUTHOR",),
    span=None,
):
    """Mean tone per actor and period with document-resampled bootstrap CIs.

    Parameters
    ----------
    table : DataFrame
        The sentence table (``doc_id``, ``date``, ``by`` and ``value``).
    value : str or list of str, default "compound"
        The measure(s), as in :func:`sentiment_by_actor`.
    freq : {"month", "week", "quarter", "year"}, default "month"
    by, actors : see :func:`stance_over_time`
    n_boot, ci, seed : see :func:`stance_shares`
    min_sentences : int, default 1
        Periods with fewer values keep ``n_sentences`` but get NaN mean and CI.
    exclude, span : see :func:`sentiment_by_actor`

    Returns
    -------
    DataFrame
        Columns ``<by>, period, measure, mean, ci_low, ci_high, n_sentences,
        n_docs``; every group gets every period from the first to the last
        (NaN mean where it has no sentences).

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d2", "d3"],
    ...     "date": ["2023-01-10", "2023-01-20", "2023-03-01"],
    ...     "actor": ["PRK"] * 3,
    ...     "compound": [-0.4, -0.2, 0.1],
    ... })
    >>> sentiment_over_time(table, n_boot=0)["mean"].round(2).tolist()
    [-0.3, nan, 0.1]
    """
    func = "sentiment_over_time"
    _check_table(table, ["doc_id", "date", by], func)
    measures = _measures(value, table, func)
    _check_boot(n_boot, ci, func)
    _check_min(min_sentences, func)
    df = _filter_span(_select(table, by, exclude), span, func)
    df = _periods(df, freq, func)
    df = _pick_actors(df, by, actors, func)
    rows = []
    for measure in measures:
        sub = df.loc[df[measure].notna()]
        if sub.empty:
            continue
        grid = pd.period_range(sub["_period"].min(), sub["_period"].max(), freq=_FREQS[freq])
        for key in _order_groups(sub, by):
            g_actor = sub.loc[sub[by] == key]
            cells = dict(tuple(g_actor.groupby("_period")))
            for period in grid:
                g = cells.get(period)
                if g is None:
                    rows.append((key, period.start_time, measure, np.nan, np.nan, np.nan, 0, 0))
                    continue
                if len(g) < min_sentences:
                    rows.append((key, period.start_time, measure, np.nan, np.nan, np.nan,
                                 len(g), g["doc_id"].nunique()))
                    continue
                mean, low, high, n_s, n_d = _mean_cell(
                    g, measure, n_boot=n_boot, ci=ci,
                    rng=_rng(seed, (key, str(period), measure)),
                )
                rows.append((key, period.start_time, measure, mean, low, high, n_s, n_d))
    out = pd.DataFrame(
        rows,
        columns=[by, "period", "measure", "mean", "ci_low", "ci_high", "n_sentences", "n_docs"],
    )
    out["period"] = pd.to_datetime(out["period"])
    return _finish(out, ci=ci, n_boot=n_boot, by=by, freq=freq)


def stance_vs_hostility(
    table,
    *,
    value="hostility",
    by="actor",
    min_sentences=1,
    exclude=("AUTHOR",),
):
    """Per actor: how often it threatens or condemns, and how hostile its language is.

    Parameters
    ----------
    table : DataFrame
        The sentence table (``doc_id``, ``stance``, ``by`` and ``value``).
    value : str, default "hostility"
        The numeric column averaged (``"hostility"``, ``"neg"``, ...).
    by : str, default "actor"
    min_sentences : int, default 1
        Groups with fewer sentences are left out.
    exclude : sequence of str, default ("AUTHOR",)

    Returns
    -------
    DataFrame
        Columns ``<by>, share_threat_condemn, mean_<value>, n_sentences,
        n_docs``: the share of the actor's sentences labelled threatening or
        condemning and the mean of ``value`` over its sentences (missing values
        skipped), groups ordered by number of sentences.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({
    ...     "doc_id": ["d1", "d1", "d2", "d2"],
    ...     "actor": ["PRK", "PRK", "USA", "USA"],
    ...     "stance": ["threatening", "neutral", "neutral", "neutral"],
    ...     "hostility": [3.0, 1.0, 0.0, 0.5],
    ... })
    >>> stance_vs_hostility(table).values.tolist()
    [['PRK', 0.5, 2.0, 2, 1], ['USA', 0.0, 0.25, 2, 1]]
    """
    func = "stance_vs_hostility"
    _check_table(table, ["doc_id", "stance", by], func)
    if not isinstance(value, str):
        raise ValueError(f"{func}(): value must be a single column name, got {value!r}.")
    (measure,) = _measures(value, table, func)
    _check_min(min_sentences, func)
    df = _select(table, by, exclude)
    _check_stances(df, func)
    mean_col = f"mean_{measure}"
    rows = []
    for key in (_order_groups(df, by) if len(df) else []):
        g = df.loc[df[by] == key]
        if len(g) < min_sentences:
            continue
        share = float(g["stance"].isin(["threatening", "condemning"]).mean())
        vals = g[measure].dropna()
        mean = float(vals.mean()) if len(vals) else np.nan
        rows.append((key, share, mean, len(g), g["doc_id"].nunique()))
    out = pd.DataFrame(
        rows, columns=[by, "share_threat_condemn", mean_col, "n_sentences", "n_docs"]
    )
    return _finish(out, by=by, value=measure)
