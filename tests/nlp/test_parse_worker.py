"""The parse worker of one-shot CLI runs and the plain objects every parse is read as.

A one-shot ``summarizer brief`` loads spaCy in a second process (summarizer.nlp.parse_worker) while it reads the
article, and never imports spaCy itself; batch runs and the server parse in their own process. Both must give the
engine and the checks the same parse, token for token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.nlp import parser
from summarizer.nlp.parsed import from_wire, to_wire
from tests.nlp.test_parser_load import _need_model

ROOT = Path(__file__).resolve().parents[2]
REALTEXT = ROOT.parent / "shared" / "realtext" / "articles"

# Our own sentences, written for the shapes the parse is read for: contractions and abbreviations (tokenizer
# special cases), appositions, "according to", quotations, conjoined speakers, a passive, a question.
SENTENCES = [
    "I don't think Dr. Lee left the U.S. before 5 p.m. on Jan. 5, she said.",
    "Marta Ilves, of the Baltic Fisheries Council, said the quota would not change.",
    "According to a spokesman for the ministry, no meeting took place.",
    '"We\'re not going anywhere," the mayor told reporters on Tuesday.',
    "Tomas Reyes and Helen Park said they had warned the board twice.",
    "The report was described by critics as rushed, and it won't be the last.",
    "Can't the council see what's happening?",
    "Sources close to the singer denied that any fight had occurred at the festival.",
    "It's gonna be fine, y'all, the coach said at 9 a.m. Mon.",
]


@pytest.fixture
def fresh() -> Iterator[None]:
    """No model loaded in this process and no worker, before and after (other tests load it again)."""
    parser.reset()
    yield
    parser.reset()


def _view(doc: object) -> list[tuple[object, ...]]:
    """Everything summarizer.nlp reads off a token, comparable between spaCy's Doc and ours."""
    out = []
    for t in doc:  # type: ignore[attr-defined]
        out.append(
            (
                t.i,
                t.idx,
                t.text,
                t.lower_,
                t.lemma_,
                t.pos_,
                t.tag_,
                t.dep_,
                t.head.i,
                bool(t.is_punct),
                [c.i for c in t.children],
                [s.i for s in t.subtree],
            )
        )
    return out


def _texts() -> list[str]:
    """Every sentence of the real articles (when ../shared/realtext is beside the project) and the fixtures."""
    from summarizer import ingest

    paths = sorted(REALTEXT.glob("*.txt")) if REALTEXT.is_dir() else []
    paths += sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
    return [s.text for p in paths for s in ingest.load_source(str(p)).sentences]


def test_plain_doc_reads_like_spacys_own() -> None:
    _need_model()
    nlp = parser.model()
    assert nlp is not None
    for text in SENTENCES:
        spacy_doc = nlp(text)
        ours = from_wire(to_wire(spacy_doc))
        assert _view(ours) == _view(spacy_doc), text
        assert len(ours) == len(spacy_doc)
        n = len(spacy_doc)
        for a in range(n):
            for b in range(a, min(n, a + 5) + 1):
                assert ours[a:b].text == spacy_doc[a:b].text
        assert ours.has_annotation("ENT_IOB") == spacy_doc.has_annotation("ENT_IOB")
        assert [(e.start, e.end, e.label_) for e in ours.ents] == [(e.start, e.end, e.label_) for e in spacy_doc.ents]


def test_worker_parses_exactly_as_this_process(fresh: None) -> None:
    _need_model()
    parser.reset()
    texts = _texts() + SENTENCES[:3]
    assert len(texts) > 200
    assert parser.start_worker()
    by_worker = parser.parse_sentences(texts)
    # A second request with special cases the first did not contain ("can't", "gonna", "a.m."): the worker adds
    # the tokenizer rules it needs as texts arrive.
    later = parser.parse_sentences(SENTENCES[3:])
    assert parser.worker_running()  # answered by the worker, not by a fallback here
    assert by_worker is not None and later is not None
    parser.stop_worker()
    parser.reset_cache()
    assert parser.model() is not None  # now load it here, as a batch run does
    here = parser.parse_sentences(texts)
    here_later = parser.parse_sentences(SENTENCES[3:])
    assert here is not None and here_later is not None
    assert [_view(d) for d in by_worker] == [_view(d) for d in here]
    assert [_view(d) for d in later] == [_view(d) for d in here_later]
    gonna = [t.text for t in later[-1]]
    assert gonna[:3] == ["It", "'s", "gon"] and "a.m." in gonna


def test_a_worker_that_dies_is_replaced_by_parsing_here(fresh: None) -> None:
    _need_model()
    parser.reset()
    assert parser.start_worker(command=[sys.executable, "-c", "pass"])
    docs = parser.parse_sentences(SENTENCES[:2])
    assert docs is not None and [t.text for t in docs[0]][:3] == ["I", "do", "n't"]
    assert not parser.worker_running()


def test_a_worker_without_the_model_means_the_rules_said_once(fresh: None, capsys: pytest.CaptureFixture[str]) -> None:
    script = (
        "import sys\n"
        "from summarizer.nlp import parser\n"
        "while True:\n"
        "    try:\n"
        "        parser.receive(sys.stdin.buffer)\n"
        "    except EOFError:\n"
        "        break\n"
        "    parser.send(sys.stdout.buffer, ('none',))\n"
    )
    if not parser.installed():
        pytest.skip("start_worker starts nothing without spaCy; covered by the rules-only tests")
    assert parser.start_worker(command=[sys.executable, "-c", script])
    assert parser.parse_sentences(SENTENCES[:1]) is None
    assert parser.parse_sentences(SENTENCES[1:2]) is None
    err = capsys.readouterr().err
    assert err.count("attribution is reduced") == 1


def test_one_shot_cli_run_parses_in_the_worker_and_prints_the_same_brief(tmp_path: Path) -> None:
    _need_model()
    article = ROOT / "fixtures" / "demo_article.txt"
    script = (
        "import atexit, json, sys\n"
        "from summarizer.nlp import parser\n"
        "seen = {}\n"
        "def report():\n"
        "    seen['spacy_here'] = 'spacy' in sys.modules\n"
        "    print(json.dumps(seen), file=sys.stderr)\n"
        "atexit.register(report)\n"
        "orig = parser.parse_sentences\n"
        "def spy(texts):\n"
        "    seen.setdefault('worker', parser.worker_running())\n"
        "    return orig(texts)\n"
        "parser.parse_sentences = spy\n"
        f"sys.argv = ['summarizer', 'brief', {str(article)!r}, '--format', 'json']\n"
        "from summarizer.cli import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    seen = json.loads(res.stderr.strip().splitlines()[-1])
    assert seen == {"worker": True, "spacy_here": False}
    cli_out = json.loads(res.stdout)

    from summarizer.api import brief

    here = json.loads(brief(str(article), backend="extractive").model_dump_json())
    for out in (cli_out, here):
        out.pop("run")
    assert cli_out == here


def test_help_starts_no_worker(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from summarizer.nlp import parser\n"
        "sys.argv = ['summarizer', 'brief', '--help']\n"
        "from summarizer.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('worker' if parser.worker_running() else 'none', file=sys.stderr)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stderr.strip().splitlines()[-1] == "none"
    assert "Usage:" in res.stdout


def test_attribution_reads_the_worker_parse_as_it_reads_spacys(monkeypatch: pytest.MonkeyPatch) -> None:
    # The worker's plain tokens carry only part of spaCy's API; a rule reading anything else (``left_edge``) fails
    # only in one-shot CLI runs. Same article, both token types, same speakers.
    _need_model()
    from summarizer import nlp
    from summarizer.ingest import from_text

    article = from_text(
        "Dam report\n\n"
        + " ".join(SENTENCES)
        + ' "It is fine," said a member of the Dam Watch group, who asked not to be named. Lawyers for Dam '
        "Watch, a group of residents, said they would appeal. Engineers from the Regional Water Authority (RWA) "
        "and the county estimated the flow. Lt. Omar Baines said the road would reopen. The Office for National "
        "Statistics said prices rose."
    )
    here = [(a.speaker, a.speaker_title, a.verb) for a in nlp.attribute(article)]
    real = parser.parse_sentences

    def via_wire(texts: list[str]) -> object:
        docs = real(texts)
        return None if docs is None else [from_wire(to_wire(d)) for d in docs]

    monkeypatch.setattr(parser, "parse_sentences", via_wire)
    assert [(a.speaker, a.speaker_title, a.verb) for a in nlp.attribute(article)] == here
    assert "Dam Watch" in " ".join(str(s) for s, _, _ in here)
