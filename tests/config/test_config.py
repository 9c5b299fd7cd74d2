from pathlib import Path

import pytest

from summarizer.config import Settings, load_settings
from summarizer.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_without_anything_choose_the_extractive_engine(tmp_path: Path) -> None:
    s = load_settings({}, env={}, config_path=None)
    assert s.backend == "extractive"
    assert s.backend_origin == "default"
    assert s.max_words == 120 and s.max_retries == 2


def test_precedence_flag_over_env_over_file(tmp_path: Path) -> None:
    cfg = write(tmp_path, 'model = "from-file"\nmax-words = 80\nbackend = "fake"\n')
    env = {"SUMMARIZER_MODEL": "from-env"}
    s = load_settings({}, env=env, config_path=cfg)
    assert (s.model, s.max_words, s.backend, s.backend_origin) == ("from-env", 80, "fake", "file")
    s = load_settings({"model": "from-flag", "max_words": None}, env=env, config_path=cfg)
    assert s.model == "from-flag" and s.max_words == 80


def test_api_key_or_base_url_switches_the_default_to_openai() -> None:
    s = load_settings({}, env={"OPENAI_API_KEY": "sk-abc"})
    assert s.backend == "openai" and s.backend_origin == "auto"
    assert "sk-abc" not in repr(s)
    assert s.redacted()["api_key"] == "set"
    s = load_settings({}, env={"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert s.backend == "openai"


def test_unknown_setting_in_file_names_the_file(tmp_path: Path) -> None:
    cfg = write(tmp_path, "max_wordz = 3\n")
    with pytest.raises(ConfigError, match=r"config\.toml.*max_wordz"):
        load_settings({}, env={}, config_path=cfg)


def test_invalid_toml_and_missing_explicit_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings({}, env={}, config_path=write(tmp_path, "model = \n"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings({}, env={}, config_path=tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("flags", "needle"),
    [
        ({"backend": "gpt"}, "unknown backend"),
        ({"max_words": 3}, "max-words"),
        ({"max_retries": -1}, "max-retries"),
        ({"base_url": "localhost:8080"}, "base-url"),
        ({"format": "pdf"}, "format"),
    ],
)
def test_bad_values_are_config_errors(flags: dict[str, object], needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(flags, env={})


def test_bad_env_value_is_reported_with_its_origin() -> None:
    with pytest.raises(ConfigError, match="unknown backend"):
        load_settings({}, env={"SUMMARIZER_BACKEND": "nonsense"})


def test_context_tokens_default_from_model_and_cap() -> None:
    from summarizer.backends.openai import context_window

    # the provider fact lives with the backend; settings cap it or fall back to a safe default
    assert context_window("gpt-4o-mini") == 128_000
    assert context_window("llama3.1:8b") is None
    assert Settings(backend="openai").effective_context_tokens(context_window("gpt-4o-mini")) == 128_000
    assert Settings(backend="openai", model="llama3.1:8b").effective_context_tokens(None) == 8_192
    assert Settings(backend="openai", context_tokens=50_000).effective_context_tokens(backend_context=32_000) == 32_000


def test_an_output_budget_set_anywhere_is_marked_as_the_users(tmp_path: Path) -> None:
    # A budget the user set (flag, file) is a hard cap per call; the default may grow once for a cut-off reply.
    assert load_settings({}, env={}, config_path=None).max_output_tokens_set is False
    assert load_settings({"max_output_tokens": 500}, env={}, config_path=None).max_output_tokens_set is True
    cfg = write(tmp_path, "max-output-tokens = 700\n")
    s = load_settings({}, env={}, config_path=cfg)
    assert (s.max_output_tokens, s.max_output_tokens_set) == (700, True)
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings({}, env={}, config_path=write(tmp_path, "max-output-tokens-set = true\n"))
