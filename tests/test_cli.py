import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from toolkit.cli import main

ARTICLE = ('date 2024-03-03\nSEOUL, March 3 (Reuters) - North Korea fired two missiles on Sunday, '
           'South Korea\'s military said.\n\n"If the puppets dare to provoke us, we will answer with '
           'merciless fire," KCNA said. Seoul condemned the launch as a reckless provocation.\n')


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a1.txt").write_text(ARTICLE, encoding="utf-8")
    (d / "a2.txt").write_text("date 2024-05-01\nThe two leaders signed a trade agreement in Hanoi.\n", encoding="utf-8")
    return d


def test_analyze_writes_table(folder, tmp_path, capsys):
    out = tmp_path / "out" / "sentences.csv"
    assert main(["analyze", str(folder), "--out", str(out), "--quiet"]) == 0
    table = pd.read_csv(out)
    assert set(table["doc_id"]) == {"a1", "a2"}
    for col in ("speaker", "actor", "stance", "target", "p_threatening", "compound", "hostility"):
        assert col in table.columns
    assert "wrote" in capsys.readouterr().err


def test_analyze_writes_charts(folder, tmp_path):
    charts = tmp_path / "charts"
    assert main(["analyze", str(folder / "a1.txt"), str(folder / "a2.txt"), "--out",
                 str(tmp_path / "s.jsonl"), "--charts", str(charts), "--quiet"]) == 0
    assert (tmp_path / "s.jsonl").stat().st_size > 0
    assert charts.is_dir()


def test_analyze_names_the_charts_it_skipped(folder, tmp_path, capsys):
    # the writer's own sentence only: no actor to chart
    assert main(["analyze", str(folder / "a2.txt"), "--out", str(tmp_path / "s.csv"),
                 "--charts", str(tmp_path / "charts"), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "wrote 0 charts" in err
    assert ("skipped stance_shares, stance_over_time, target_heatmap, sentiment_by_actor, "
            "stance_vs_hostility: too little data") in err


@pytest.mark.parametrize("content,message", [
    ('{"text": "fine"}\n{"text": broken}\n', "line 2: not valid JSON"),
    ('{"text": "fine"}\n{"title": "no text"}\n', "line 2: record has no text"),
])
def test_bad_input_is_one_line_without_traceback(tmp_path, content, message):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "toolkit", "analyze", str(bad), "--out", str(tmp_path / "o.csv"),
                           "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr and "bad.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_unknown_output_extension_and_missing_input(folder, tmp_path, capsys):
    assert main(["analyze", str(folder), "--out", str(tmp_path / "o.xlsx"), "--quiet"]) == 2
    assert "unknown output extension" in capsys.readouterr().err
    assert main(["analyze", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o.csv"), "--quiet"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_evaluate_names_a_gold_file_that_is_not_json_lines(folder, tmp_path, capsys):
    table = tmp_path / "docs.csv"
    table.write_text("doc_id,text\na1,Seoul condemned the launch.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc_id": "a1", "start": 0, "end": 27, "stance": "condemning"}\n', encoding="utf-8")
    assert main(["evaluate", "--documents", str(table), "--gold", str(gold), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "docs.csv: a labelled set is read from JSON Lines files" in err
    gold.write_bytes(b'{"doc_id": "a1", "text": "Caf\xe9"}\n')
    assert main(["evaluate", "--documents", str(gold), "--gold", str(gold), "--quiet"]) == 2
    assert "gold.jsonl: not UTF-8" in capsys.readouterr().err


def test_help_texts():
    for args in (["--help"], ["analyze", "--help"], ["train", "--help"], ["evaluate", "--help"]):
        proc = subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, text=True)
        assert proc.returncode == 0 and "usage: toolkit" in proc.stdout


def test_train_help_gives_the_rebuild_times_the_model_cards_give(capsys):
    from toolkit._training import _REBUILD
    from toolkit.cli import main

    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name, (_, minutes) in _REBUILD.items():
        if minutes:
            assert f"the {name} model" in text and f"about {minutes} minutes" in text


def test_readme_and_training_docstring_give_the_rebuild_times_the_model_cards_give():
    from toolkit._training import _REBUILD, train_and_save

    readme = " ".join((Path(__file__).resolve().parents[1] / "README.md").read_text().split())
    docstring = " ".join(train_and_save.__doc__.split())
    for name, (command, minutes) in _REBUILD.items():
        if minutes:
            assert f"`{command}` (about {minutes} minutes on two cores)" in readme, name
            assert f"``{name}`` (" in docstring and f"about {minutes} minutes" in docstring, name


def test_evaluate_prints_and_writes_scores(tmp_path, corpus_subset):
    d, s, kept = corpus_subset("test", 3, names=("d.jsonl", "s.jsonl"))
    proc = subprocess.run([sys.executable, "-m", "toolkit", "evaluate", "--documents", str(d), "--gold", str(s),
                           "--json", str(tmp_path / "scores.json"), "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "stance macro-F1" in proc.stdout and "confusion" in proc.stdout
    scores = json.loads((tmp_path / "scores.json").read_text())
    assert scores["n_sentences"] == len(kept)
    assert 0 <= scores["stance_macro_f1"] <= 1 and scores["boundary_exact"] > 0.9
