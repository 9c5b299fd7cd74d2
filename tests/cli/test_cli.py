import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.schemas import Brief
from tests.loopback import LoopbackServer

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "fixtures" / "demo_article.txt"
runner = CliRunner()


def test_no_configuration_uses_the_extractive_engine_and_says_so() -> None:
    res = runner.invoke(app, ["brief", str(DEMO)])
    assert res.exit_code == 0, res.stderr
    brief = Brief.model_validate_json(res.stdout)  # piped (not a terminal): JSON by default
    assert brief.run.backend == "extractive"
    assert "offline extractive engine" in res.stderr and "OPENAI_API_KEY" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_markdown_to_a_file_is_written_whole_and_stdout_stays_empty(tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    res = runner.invoke(app, ["brief", str(DEMO), "-o", str(out), "--backend", "extractive"])
    assert res.exit_code == 0, res.stderr
    assert res.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert not [p for p in tmp_path.iterdir() if p.name != "brief.md"]  # no temp file left behind


@pytest.mark.parametrize("task", ["claims", "rewrite"])
def test_claims_and_rewrite_commands(task: str) -> None:
    res = runner.invoke(app, [task, str(DEMO), "--format", "json", "--backend", "extractive"])
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["kind"] == task


def test_stdin_html_is_detected() -> None:
    html = (
        "<html><head><title>Port reopens after storm</title></head><body><nav>Home | World</nav>"
        "<article><h1>Port reopens after storm</h1><p>The port of Calden reopened on Tuesday, the harbour "
        "authority said. Director Mia Torvik said 40 ships were waiting.</p><p>She said repairs would cost "
        "2 million euros.</p></article><footer>Subscribe now</footer></body></html>"
    )
    res = runner.invoke(app, ["claims", "-", "--format", "json"], input=html)
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    quotes = " ".join(e["quote"] for c in data["claims"] for e in c["evidence"])
    assert "Calden" in quotes and "Subscribe" not in res.stdout


def test_missing_file_is_a_one_line_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    res = runner.invoke(app, ["brief", str(missing)])
    assert res.exit_code == 2
    assert str(missing) in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_empty_file_is_exit_2_and_nothing_is_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n", encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("previous", encoding="utf-8")
    res = runner.invoke(app, ["brief", str(empty), "-o", str(out)])
    assert res.exit_code == 2 and "empty" in res.stderr.lower()
    assert out.read_text(encoding="utf-8") == "previous"


def test_bad_config_file_is_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("max_words = 'many'\n", encoding="utf-8")
    res = runner.invoke(app, ["brief", str(DEMO), "--config", str(cfg)])
    assert res.exit_code == 2 and "c.toml" in res.stderr


def test_unknown_backend_is_a_usage_error() -> None:
    res = runner.invoke(app, ["brief", str(DEMO), "--backend", "gpt5"])
    assert res.exit_code == 2 and "unknown backend" in res.stderr


def test_schema_command_prints_the_output_schema() -> None:
    res = runner.invoke(app, ["schema", "claims"])
    assert res.exit_code == 0
    schema = json.loads(res.stdout)
    assert "claims" in schema["properties"] and "source" in schema["properties"]


def test_doctor_shows_the_key_only_as_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-very-secret-123456")
    with LoopbackServer() as srv:
        res = runner.invoke(app, ["doctor", "--base-url", srv.base_url])
    assert res.exit_code == 0, res.stdout
    assert "sk-very-secret-123456" not in res.stdout + res.stderr
    assert "api key:      set" in res.stdout and "reachable" in res.stdout


def test_doctor_reports_an_unreachable_endpoint_with_exit_1() -> None:
    with LoopbackServer() as srv:
        url = srv.base_url
    res = runner.invoke(app, ["doctor", "--base-url", url])
    assert res.exit_code == 1 and "NOT reachable" in res.stdout


def test_check_command_exit_codes(tmp_path: Path) -> None:
    saved = tmp_path / "b.json"
    res = runner.invoke(app, ["brief", str(DEMO), "-o", str(saved), "--backend", "extractive"])
    assert res.exit_code == 0, res.stderr
    ok = runner.invoke(app, ["check", str(saved), str(DEMO), "--format", "json"])
    assert ok.exit_code == 0, ok.stdout
    assert json.loads(ok.stdout)["ok"] is True
    data = json.loads(saved.read_text(encoding="utf-8"))
    ev = data["claims"][0]["evidence"][0]
    ev["quote"] = ev["quote"][:-5] + "XXXXX"
    saved.write_text(json.dumps(data), encoding="utf-8")
    bad = runner.invoke(app, ["check", str(saved), str(DEMO), "--format", "json"])
    assert bad.exit_code == 1
    assert any(f["kind"] == "quote_mismatch" for f in json.loads(bad.stdout)["findings"])
    junk = tmp_path / "junk.json"
    junk.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["check", str(junk), str(DEMO)]).exit_code == 2


def test_installed_entry_point_runs_as_a_subprocess(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "summarizer"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    proc = subprocess.run(
        [str(exe), "brief", str(DEMO), "--format", "text"], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() and "extractive" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "summarizer", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "brief" in proc.stdout


def test_check_against_a_different_article_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    saved = tmp_path / "b.json"
    assert runner.invoke(app, ["brief", str(DEMO), "-o", str(saved), "--backend", "extractive"]).exit_code == 0
    other = ROOT / "fixtures" / "articles" / "wire.txt"
    res = runner.invoke(app, ["check", str(saved), str(other), "--format", "json"])
    assert res.exit_code in (0, 1)
    findings = json.loads(res.stdout)["findings"]
    assert findings[0]["kind"] == "article_mismatch" and findings[0]["severity"] == "warning"
