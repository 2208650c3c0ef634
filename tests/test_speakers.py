"""Speaker attribution (toolkit._speakers) on short invented news texts.

Every text here was written for these tests. Each test names the codebook rule or cue type it
checks; ``attribute`` runs the speaker step on one document with the splitter's sentences.
"""
import pandas as pd
import pytest

import toolkit
from toolkit._speakers import attribute_document

DATE = "2023-05-01"


def attribute(text, *, date=DATE, title=None, source_type="news", source=None):
    """(sentence, Attribution) pairs for one document."""
    spans = toolkit.sentence_spans(text)
    atts = attribute_document(text, spans, date=date, title=title, source_type=source_type, source=source)
    assert len(atts) == len(spans)
    return [(text[s:e], a) for (s, e), a in zip(spans, atts)]


def only(text, **kwargs):
    """The attribution of a one-sentence document."""
    rows = attribute(text, **kwargs)
    assert len(rows) == 1, [s for s, _ in rows]
    return rows[0][1]


def at(rows, fragment):
    """The attribution of the sentence containing ``fragment``."""
    hits = [a for s, a in rows if fragment in s]
    assert len(hits) == 1, f"{fragment!r} is in {len(hits)} sentences: {[s for s, _ in rows]}"
    return hits[0]


def quoted_text(text, att):
    return " ".join(text[s:e] for s, e in att.quote_spans)


# ------------------------------------------------------------------------------------------
# cue types

def test_quote_with_cue_after():
    text = '"We will never give up our nuclear deterrent under any circumstances," KCNA reported.'
    att = only(text)
    assert (att.speaker, att.actor, att.source, att.cue_verb) == ("KCNA", "PRK", "cue", "reported")
    assert quoted_text(text, att).strip(" ,") == \
        "We will never give up our nuclear deterrent under any circumstances"


def test_quote_with_inverted_cue_naming_a_document():
    text = ('"The sanctions are a hostile act against our sovereign state," said the statement '
            'released by the North Korean foreign ministry.')
    att = only(text)
    assert att.actor == "PRK"
    assert att.cue_verb == "said"
    assert att.speaker.lower().startswith("the statement")
    assert "sovereign state" in quoted_text(text, att)


def test_quote_with_inverted_cue_naming_a_person():
    att = only('"Washington is playing with fire over the island," said Russian Foreign Minister Sergei Lavrov.')
    assert att.actor == "RUS"
    assert "Lavrov" in att.speaker


def test_cue_before_with_colon_inside_a_paragraph():
    text = ('Talks between the two sides stalled in June. The Russian foreign ministry said: '
            '"Such steps will not go unanswered and we will respond accordingly."')
    att = at(attribute(text), "Such steps")
    assert (att.speaker, att.actor, att.source, att.cue_verb) == ("The Russian foreign ministry", "RUS", "cue", "said")
    assert quoted_text(text, att) == "Such steps will not go unanswered and we will respond accordingly."


def test_cue_before_with_colon_at_paragraph_start():
    text = 'The Russian foreign ministry said: "Such steps will not go unanswered and we will respond accordingly."'
    att = only(text)
    assert (att.speaker, att.actor, att.source, att.cue_verb) == ("The Russian foreign ministry", "RUS", "cue", "said")


def test_indirect_speech_with_surname_named_earlier():
    rows = attribute("North Korean leader Kim Jong Un inspected a missile base on Monday. "
                     "Kim said that the country would bolster its nuclear forces without limit.")
    att = at(rows, "bolster")
    assert (att.speaker, att.actor, att.source, att.cue_verb) == ("Kim", "PRK", "cue", "said")
    assert att.quote_spans == []


def test_indirect_speech_with_full_title():
    att = only("Russian Foreign Minister Sergei Lavrov said that Moscow would respond to any new deployment.")
    assert att.actor == "RUS"
    assert att.speaker == "Russian Foreign Minister Sergei Lavrov"


def test_scare_quoted_word_is_not_speech_but_sentence_keeps_its_speaker():
    text = 'Japanese officials said the shipment "flagrantly" violated the arms embargo.'
    att = only(text)
    assert (att.speaker, att.actor, att.source, att.cue_verb) == ("Japanese officials", "JPN", "cue", "said")
    assert att.quote_spans == []  # one quoted word is a scare quote, not the speaker's words


def test_partial_quote_inside_indirect_speech():
    text = 'Officials in Seoul said the launch was "a grave provocation that threatens peace" and must stop.'
    att = only(text)
    assert (att.speaker, att.actor, att.cue_verb) == ("Officials in Seoul", "KOR", "said")
    assert quoted_text(text, att) == "a grave provocation that threatens peace"


def test_according_to():
    att = only("The missile flew for about 40 minutes, according to the South Korean military.")
    assert (att.speaker, att.actor, att.source) == ("the South Korean military", "KOR", "according_to")


def test_was_quoted_as_saying_actor():
    att = only("A senior Chinese diplomat was quoted as saying that Beijing opposed any unilateral sanctions.")
    assert att.actor == "CHN"
    assert att.source in ("cue", "according_to")


def test_was_quoted_as_saying_speaker_words():
    att = only("A senior Chinese diplomat was quoted as saying that Beijing opposed any unilateral sanctions.")
    assert att.speaker == "A senior Chinese diplomat"


def test_in_a_statement_prefix_is_not_part_of_the_speaker():
    att = only("In a statement, the Iranian foreign ministry rejected the accusations as baseless.")
    assert (att.speaker, att.actor, att.source) == ("the Iranian foreign ministry", "IRN", "cue")


@pytest.mark.parametrize("text, speaker, actor, verb, cue_class", [
    ("The United States accused Pyongyang of supplying weapons to Moscow.", "The United States", "USA",
     "accused", "condemn"),
    ("Russia warned that it would respond to any deployment near its borders.", "Russia", "RUS", "warned", "threat"),
    ("Iran vowed to avenge the killing of its commander.", "Iran", "IRN", "vowed", "threat"),
    ("The UN Security Council called on Israel to halt the operation.", "The UN Security Council", "UN",
     "called", "demand"),
    ("Beijing denounced the visit as a dangerous provocation.", "Beijing", "CHN", "denounced", "condemn"),
])
def test_speech_act_verbs(text, speaker, actor, verb, cue_class):
    att = only(text)
    assert (att.speaker, att.actor, att.source, att.cue_verb, att.cue_class) == (speaker, actor, "cue", verb, cue_class)


def test_called_without_on_is_not_a_demand_cue():
    # "called off" is not "called on ... to": no demand cue from "called"
    rows = attribute("The summit was called off after the launch. Talks may resume in June.")
    assert all(a.cue_verb != "called" for _, a in rows)
    assert all(a.actor == "AUTHOR" for _, a in rows)


# ------------------------------------------------------------------------------------------
# quotes over several sentences (codebook rule 5)

def test_quote_over_several_sentences_with_cue_at_the_end():
    text = ('"The drills are a rehearsal for invasion. They will not go unanswered," '
            'the North Korean defence ministry said.')
    rows = attribute(text)
    assert len(rows) == 2
    for _, att in rows:
        assert (att.speaker, att.actor) == ("the North Korean defence ministry", "PRK")


def test_quote_over_several_sentences_after_a_named_speaker():
    text = ("Chinese Foreign Ministry spokesperson Mao Ning criticised the deployment on Tuesday. "
            '"The move undermines regional stability. It serves no one\'s interests. '
            'We urge Washington to stop," she said.')
    rows = attribute(text)
    assert len(rows) == 4
    for _, att in rows[1:]:
        assert att.actor == "CHN"
        assert "Mao Ning" in att.speaker
    assert rows[1][1].source == "continuation"


def test_paragraph_reopening_a_quote_keeps_the_speaker():
    text = ('"Our patience has limits," the Russian foreign ministry said in a statement. '
            '"Any further provocation will meet a firm response.\n\n'
            '"We will not stand idle while our citizens are threatened. The responsibility will lie with Kyiv."\n\n'
            "The talks are set to resume next week.")
    rows = attribute(text)
    for fragment in ("Our patience", "Any further", "stand idle", "responsibility will lie"):
        att = at(rows, fragment)
        assert (att.speaker, att.actor) == ("the Russian foreign ministry", "RUS"), fragment
        assert att.quote_spans
    assert at(rows, "talks are set").actor == "AUTHOR"


# ------------------------------------------------------------------------------------------
# back-references

@pytest.mark.parametrize("text, fragment, speaker, actor", [
    ("Japanese Prime Minister Fumio Kishida condemned the launch on Sunday. "
     "He said Tokyo had lodged a protest through diplomatic channels.", "lodged", "Fumio Kishida", "JPN"),
    ("South Korean Foreign Minister Kang Kyung-wha criticised the move. She said the launch was regrettable.",
     "regrettable", "Kang Kyung-wha", "KOR"),
    ("Philippine officials accused Beijing of harassing their vessels. "
     "They said the coast guard would continue its patrols.", "patrols", "Philippine officials", "PHL"),
])
def test_pronoun_takes_the_earlier_named_speaker(text, fragment, speaker, actor):
    date = "2019-05-01" if "Kang" in text else DATE
    att = at(attribute(text, date=date), fragment)
    assert (att.speaker, att.actor) == (speaker, actor)


def test_pronoun_takes_the_person_named_in_the_writers_sentence():
    rows = attribute("North Korean leader Kim Jong Un oversaw the launch on Friday. "
                     "He said the test was a warning to the enemies.")
    att = at(rows, "warning to the enemies")
    assert att.actor == "PRK"
    assert att.speaker in ("Kim Jong Un", "North Korean leader Kim Jong Un")


def test_pronoun_via_analyze_puts_the_name_in_the_speaker_column(tiny_classifier):
    docs = pd.DataFrame({"text": ["Japanese Prime Minister Fumio Kishida condemned the launch on Sunday. "
                                  "He said Tokyo had lodged a protest."],
                         "date": [DATE], "source_type": ["news"]})
    table = toolkit.analyze(docs, classifier=tiny_classifier)
    assert table["speaker"].tolist() == ["Japanese Prime Minister Fumio Kishida", "Fumio Kishida"]
    assert table["actor"].tolist() == ["JPN", "JPN"]
    assert table["speaker_source"].tolist() == ["cue", "cue"]


def test_role_the_ministry_goes_back_to_the_ministry_not_the_minister():
    rows = attribute("Russian Foreign Minister Sergei Lavrov criticised the sanctions. "
                     "The Chinese foreign ministry said it opposed unilateral measures. "
                     "The ministry added that Beijing would protect its firms.")
    att = at(rows, "protect its firms")
    assert (att.speaker, att.actor) == ("The ministry", "CHN")


def test_role_the_minister_goes_back_to_the_minister():
    rows = attribute("Russian Foreign Minister Sergei Lavrov criticised the sanctions. "
                     "The Chinese foreign ministry said it opposed unilateral measures. "
                     "The minister added that Moscow would respond in kind.")
    att = at(rows, "respond in kind")
    assert (att.speaker, att.actor) == ("The minister", "RUS")


def test_role_the_spokesperson_and_the_agency():
    rows = attribute("The Russian defence ministry said on Friday that its troops had repelled an attack. "
                     "The spokesperson said the enemy lost two tanks.")
    assert at(rows, "two tanks").actor == "RUS"
    rows = attribute("Japan said the missile fell outside its waters. KCNA said the drills were a dress rehearsal "
                     "for war. The agency said the army would answer any provocation.")
    att = at(rows, "answer any provocation")
    assert (att.speaker, att.actor) == ("The agency", "PRK")


def test_document_the_statement_goes_to_the_body_that_issued_it():
    rows = attribute("Japan condemned the launch on Monday. The Chinese foreign ministry issued a statement on "
                     "Tuesday. The statement said China firmly opposed the arms sale.")
    assert at(rows, "firmly opposed").actor == "CHN"


def test_document_released_by_a_second_actor():
    rows = attribute("Japan protested against the launch on Monday. North Korea's foreign ministry released a "
                     "statement on Tuesday. The statement said the drills left Pyongyang no choice.")
    assert at(rows, "released a statement").actor == "PRK"
    assert at(rows, "left Pyongyang").actor == "PRK"


# ------------------------------------------------------------------------------------------
# codebook rule 4, the writer, statements and transcripts

@pytest.mark.parametrize("text", [
    "Kim said the country would bolster its nuclear forces without limit, according to KCNA.",
    "Kim Jong Un said the country would bolster its nuclear forces without limit, according to KCNA.",
])
def test_said_according_to_goes_to_the_subject_of_the_verb(text):
    att = only(text)
    assert att.speaker.startswith("Kim")
    assert att.speaker != "KCNA"
    assert (att.actor, att.source, att.cue_verb) == ("PRK", "cue", "said")


def test_writers_sentences_are_author_in_a_news_report():
    rows = attribute("The missile landed in the sea east of the peninsula. It flew for about 40 minutes. "
                     "Seoul said it was analysing the data.")
    for fragment in ("missile landed", "40 minutes"):
        att = at(rows, fragment)
        assert (att.speaker, att.actor, att.source) == ("AUTHOR", "AUTHOR", "author")
    assert at(rows, "analysing").actor == "KOR"


def test_analyst_is_other():
    att = only("A Seoul-based analyst said the test was meant to pressure Washington.")
    assert (att.speaker, att.actor) == ("A Seoul-based analyst", "OTHER")


def test_statement_document_gives_uncued_sentences_to_its_issuer():
    text = ("Pyongyang, July 10 (KCNA) -- The US and its followers staged another large naval drill near our "
            "waters this week.\n\nSuch reckless military moves are a grave threat to peace on the peninsula. "
            "The puppet military will pay dearly for its servile behaviour.")
    rows = attribute(text, date="2023-07-10", title="Press Statement of Kim Yo Jong", source_type="state_media")
    assert len(rows) == 3
    for _, att in rows:
        assert (att.speaker, att.actor, att.source) == ("Kim Yo Jong", "PRK", "issuer")


def test_same_text_as_news_report_is_author():
    text = "Such reckless military moves are a grave threat to peace on the peninsula."
    att = only(text, title="Tension rises on the peninsula", source_type="news")
    assert att.actor == "AUTHOR"


def assert_briefing_turns(rows, questions, answers, actor):
    """The reporters' questions are OTHER's, the answers the actor's; returns the answers' attributions."""
    for fragment in questions:
        att = at(rows, fragment)
        assert (att.actor, att.source) == ("OTHER", "question"), fragment
    for fragment in answers:
        assert at(rows, fragment).actor == actor, fragment
    return [at(rows, fragment) for fragment in answers]


def test_briefing_question_is_other_and_answer_is_the_spokesperson():
    text = ("Question: Does China plan to respond to the new export controls?\n\n"
            "Mao Ning: China firmly opposes the abuse of export controls. "
            "We will take necessary measures to protect our interests.\n\n"
            "Question: Will the foreign minister visit Tokyo next month?\n\n"
            "Mao Ning: I have no information to release at the moment.")
    rows = attribute(text, date="2023-07-10", source_type="government_statement",
                     title="Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on July 10, 2023")
    answers = assert_briefing_turns(rows, ("Does China plan", "visit Tokyo"),
                                    ("firmly opposes", "necessary measures", "no information"), "CHN")
    assert {att.speaker for att in answers} == {"Mao Ning"}


def test_agency_quoting_a_statement_gives_the_quote_to_the_statement():
    att = only('"This massacre will never be forgotten," AFP quoted an Islamic Jihad statement.')
    assert (att.speaker, att.actor) == ("an Islamic Jihad statement", "OTHER")


def test_agency_quoted_person_as_saying():
    att = only("The agency quoted Deputy Foreign Minister Sergei Ryabkov as saying that Moscow would respond.",
               date="2022-03-01")
    assert (att.speaker, att.actor) == ("Deputy Foreign Minister Sergei Ryabkov", "RUS")


def test_leading_adverbial_is_not_the_speaker():
    att = only("During a visit to the eastern front, Ukrainian Defence Minister Oleksii Reznikov spoke to soldiers, "
               "saying: the brigades were ready for the spring.")
    assert att.actor == "UKR"
    assert not att.speaker.startswith("During")


def test_discourse_marker_before_a_coordinated_cue_is_not_the_speaker():
    text = ("Kenya and Tanzania signed a border trade pact in Arusha on Monday. "
            "Moreover, both presidents toured the new market and agreed to set up a joint railway committee.")
    att = at(attribute(text, date="2021-05-04"), "toured the new market")
    assert att.speaker == "both presidents"
    assert att.actor == "KEN"


def test_a_clause_before_a_reporting_verb_is_not_a_speaker():
    att = only("It was the first time Cairo had publicly acknowledged strikes against militants in Libya.")
    assert (att.speaker, att.actor) == ("AUTHOR", "AUTHOR")


def test_uncued_quote_after_the_writers_background_keeps_the_last_speaker():
    text = ('Prime Minister Benjamin Netanyahu said on Sunday that Israel "will not accept" rocket fire '
            "from the coastal strip.\n\n"
            "Two rockets landed in open fields near Sderot overnight, causing no injuries.\n\n"
            "\u201cThose who fire at our towns will regret it bitterly.\u201d")
    rows = attribute(text, date="2019-05-05")
    att = at(rows, "will regret it")
    assert (att.speaker, att.actor, att.source) == ("Prime Minister Benjamin Netanyahu", "ISR", "continuation")
    assert at(rows, "open fields").actor == "AUTHOR"


def test_two_sides_code_to_the_party_named_first():
    text = ("Chile and Argentina agreed on Tuesday to open two new mountain crossings. "
            "At the same meeting, the sides also discussed joint lithium projects.")
    assert at(attribute(text, date="2022-04-05"), "lithium").actor == "CHL"


def test_issuer_of_a_statement_on_a_government_site_takes_that_state():
    text = ("Last night's bombing of the fuel depot outside the capital was reckless and cruel. "
            "Those responsible must be found and tried.")
    rows = attribute(text, title="Statement by Ambassador Hale on the Depot Bombing",
                     source_type="government_statement",
                     source="https://ke.usembassy.gov/statement-on-the-depot-bombing/")
    for _, att in rows:
        assert (att.speaker, att.actor, att.source) == ("Ambassador Hale", "USA", "issuer")


def test_government_release_without_an_issuer_speaks_for_the_government_of_its_site():
    text = "The two leaders discussed trade and climate cooperation. They agreed to meet again next year."
    rows = attribute(text, source_type="government_statement", source="https://www.gov.uk/government/news/readout")
    assert all(att.actor == "GBR" for _, att in rows)
    # a news report on the same site is not a statement: nothing is given to an issuer
    news = attribute(text, source_type="news", source="https://www.gov.uk/government/news/readout")
    assert all(att.source != "issuer" for _, att in news)


def test_transcript_label_we_cannot_place_is_the_issuers_side():
    text = ("Question: Will Moscow respond to the deployment?\n\n"
            "IvanSorokin: We will draw the necessary conclusions and act accordingly.")
    rows = attribute(text, date="2021-02-11", source_type="government_statement",
                     title="Deputy Foreign Minister Ivan Sorokin's answer to a media question")
    assert at(rows, "Will Moscow").source == "question"
    assert at(rows, "necessary conclusions").actor == "RUS"


def test_answer_after_a_question_in_the_same_paragraph_is_the_spokesperson():
    # "Q: ...? Name: ..." and "Question: ...? Answer: ..." within one paragraph: the answer
    # ends the reporter's turn, though no new paragraph begins
    text = ("The spokesman took questions from reporters in Tehran on Monday.\n\n"
            "Q: Has the ministry summoned the envoy over the new listing? Baghaei: The listing is a "
            "hostile act and a violation of every norm. The envoy was summoned this morning.\n\n"
            "Question: Will the talks in Muscat go ahead? Answer: The next round will be held as planned. "
            "Our delegation leaves on Friday.")
    rows = attribute(text, date="2024-06-03", source_type="government_statement",
                     title="Weekly press conference of Foreign Ministry Spokesman Esmaeil Baghaei")
    answers = assert_briefing_turns(rows, ("Has the ministry", "talks in Muscat"),
                                    ("hostile act", "summoned this morning", "held as planned", "leaves on Friday"),
                                    "IRN")
    assert {att.source for att in answers} == {"issuer"}
    assert at(rows, "held as planned").speaker == "Foreign Ministry Spokesman Esmaeil Baghaei"


def test_capitals_label_answers_but_an_outlet_asking_is_a_reporter():
    # "RYDER:" after a question answers; "CCTV: ...?" opening a paragraph is a reporter's outlet
    text = ("Pentagon Press Secretary Pat Ryder briefed reporters on Thursday.\n\n"
            "Q: Can you say whether the strikes hit the launch sites? RYDER: We are still assessing the "
            "results of the strikes.\n\n"
            "CCTV: Does the department expect further attacks on shipping?")
    rows = attribute(text, date="2024-01-12", source_type="government_statement",
                     title="Pentagon Press Secretary Air Force Maj. Gen. Pat Ryder Holds a Press Briefing")
    assert at(rows, "still assessing").actor == "USA"
    assert at(rows, "still assessing").source != "question"
    assert (at(rows, "further attacks").actor, at(rows, "further attacks").source) == ("OTHER", "question")


# ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_classifier():
    texts = ["We will strike back with force.", "We condemn the attack.", "The talks went well."] * 3
    labels = ["threatening", "condemning", "neutral"] * 3
    return toolkit.StanceClassifier(char_ngrams=None, min_df=1).fit(texts, labels)
