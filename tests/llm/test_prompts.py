from pathlib import Path

import pytest

from summarizer.errors import ConfigError
from summarizer.llm.prompts import PROMPT_NAMES, PromptSet


def test_every_bundled_prompt_loads_and_has_a_hash() -> None:
    ps = PromptSet()
    hashes = ps.hashes()
    assert set(hashes) == set(PROMPT_NAMES)
    assert all(len(h) == 64 for h in hashes.values())
    assert len(set(hashes.values())) == len(hashes)


def test_render_is_strict() -> None:
    p = PromptSet().get("brief")
    msgs = p.render(title="T", sentences="0: A.", max_words=50, max_claims=7)
    assert [m.role for m in msgs] == ["system", "user"]
    assert "50 words" in msgs[0].content and "0: A." in msgs[1].content
    assert "7 most newsworthy" in msgs[0].content
    with pytest.raises(ConfigError, match="missing values"):
        p.render(title="T", sentences="x", max_claims=7)
    with pytest.raises(ConfigError, match="unknown placeholders"):
        p.render(title="T", sentences="x", max_words=5, max_claims=7, extra=1)


def test_override_dir_wins_and_changes_the_hash(tmp_path: Path) -> None:
    (tmp_path / "claims.md").write_text("## system\nBe brief.\n## user\n{{title}}\n{{sentences}}\n", encoding="utf-8")
    default = PromptSet().get("claims")
    custom = PromptSet(str(tmp_path)).get("claims")
    assert custom.sha256 != default.sha256
    assert custom.render(title="X", sentences="0: y")[0].content == "Be brief."
    # prompts the folder does not override still come from the package
    assert PromptSet(str(tmp_path)).get("brief").sha256 == PromptSet().get("brief").sha256


def test_override_dir_must_exist_and_prompts_need_a_user_section(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not a directory"):
        PromptSet(str(tmp_path / "missing"))
    (tmp_path / "brief.md").write_text("just text\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="## user"):
        PromptSet(str(tmp_path)).get("brief")
