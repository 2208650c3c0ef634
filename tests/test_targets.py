"""Targets (toolkit._targets.find_target) on sentences written for these tests."""
import pytest

from toolkit._actors import default_resolver
from toolkit._targets import find_target


def target(sentence, speaker, **kwargs):
    return find_target(sentence, speaker_actor=speaker, resolver=default_resolver(), date="2023-03-15", **kwargs)


@pytest.mark.parametrize("sentence, speaker, expected", [
    # the first actor named that is not the speaker's own
    ("Seoul condemned Pyongyang's latest missile launch.", "KOR", "PRK"),
    ("The Kremlin warned Warsaw that the deployment would not go unanswered.", "RUS", "POL"),
    # a dateline's news agency is where the story came from, not whom it is aimed at
    ("SEOUL, June 2 (Yonhap) -- Japan protested against Chinese coast guard patrols near the islands.", "JPN", "CHN"),
    # a body cited as the source of a rule is not the target
    ("Under UN Security Council resolutions, the enrichment by Iran must stop.", "GBR", "IRN"),
    ("Such strikes breach the UN Charter, and Israel must stop them.", "TUR", "ISR"),
])
def test_first_named_actor_that_is_aimed_at(sentence, speaker, expected):
    assert target(sentence, speaker) == expected


def test_a_named_actor_beats_a_hostile_epithet():
    # "puppet" alone points to South Korea in state-media usage, but here Ukraine is named
    assert target("The puppet authorities in Kyiv shelled a school again.", "PRK") == "UKR"
    assert target("The puppet warmongers will pay dearly for this.", "PRK") == "KOR"


def test_speakers_own_words_and_fallback():
    sentence = "Russia said the drills were a provocation by NATO."
    assert target(sentence, "RUS", skip=(0, 6)) == "NATO"
    assert target("This is an outrageous crime.", "IRN", fallback=["IRN", "ISR", "USA"]) == "ISR"
    assert target("This is an outrageous crime.", "IRN") == ""
