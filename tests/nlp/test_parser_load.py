"""Loading the parser cheaply must not change what it parses or break spaCy for the rest of the process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from summarizer.nlp import parser


def _need_model() -> None:
    if parser.model() is None:
        if os.environ.get("CI"):
            pytest.fail("the spaCy model (nlp extra) is not installed; make test installs it")
        pytest.skip("spaCy model not installed (the nlp extra)")


def test_tokenizer_keeps_the_models_special_cases() -> None:
    # The tokenizer is built empty and filled from the model's own tokenizer file: contractions, abbreviations
    # and "p.m." must still be one token each, as en_core_web_sm tokenizes them.
    _need_model()
    docs = parser.parse_sentences(["I don't think Dr. Lee left the U.S. before 5 p.m. on Jan. 5, she said."])
    assert docs is not None
    tokens = [t.text for t in docs[0]]
    assert tokens[:4] == ["I", "do", "n't", "think"]
    for kept in ("Dr.", "U.S.", "p.m.", "Jan."):
        assert kept in tokens
    said = next(t for t in docs[0] if t.text == "said")
    assert said.dep_ == "ROOT" and said.lemma_ == "say"


def test_loading_leaves_spacys_own_cli_importable() -> None:
    # A fresh interpreter: our load skips spaCy's command line (typer, requests), yet a later import of
    # spacy.cli in the same process gets the real module.
    _need_model()
    probe = (
        "import sys, json\n"
        "from summarizer.nlp import parser\n"
        "loaded = parser.model() is not None\n"
        "light = sorted(m for m in ('spacy.cli', 'typer', 'requests', 'weasel') if m in sys.modules)\n"
        "import spacy, spacy.cli\n"
        "print(json.dumps({'loaded': loaded, 'light': light, 'download': callable(spacy.cli.download),\n"
        "                  'info': callable(spacy.info), 'real': hasattr(spacy.cli, 'setup_cli')}))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"loaded": True, "light": [], "download": True, "info": True, "real": True}
