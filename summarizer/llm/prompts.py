"""Prompt files (prompts/*.md, shipped as package data): loading, strict rendering, content hashes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from summarizer.backends import Message
from summarizer.errors import ConfigError

PROMPT_NAMES = ("brief", "claims", "rewrite", "map", "reduce", "rewrite_map", "headline", "repair", "reask")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_SECTION = re.compile(r"^## (system|user)\s*$", re.MULTILINE)


def packaged_dir() -> Path:
    """Where the bundled prompt files live."""
    return Path(__file__).resolve().parent.parent / "prompts"


@dataclass(frozen=True)
class Prompt:
    """One prompt file: a system part and a user template, and the sha256 of the file."""

    name: str
    system: str
    user: str
    sha256: str
    path: str

    def placeholders(self) -> set[str]:
        """The names of the placeholders this prompt uses."""
        return set(_PLACEHOLDER.findall(self.system)) | set(_PLACEHOLDER.findall(self.user))

    def render(self, **values: object) -> list[Message]:
        """Fill the placeholders; every placeholder must be given and every value used."""
        wanted = set(_PLACEHOLDER.findall(self.system)) | set(_PLACEHOLDER.findall(self.user))
        missing = wanted - set(values)
        extra = set(values) - wanted
        if missing or extra:
            raise ConfigError(
                f"prompt {self.path}: placeholders do not match"
                + (f"; missing values for {sorted(missing)}" if missing else "")
                + (f"; unknown placeholders {sorted(extra)} expected" if extra else "")
                + ": restore the placeholders of the bundled prompt"
            )

        def fill(template: str) -> str:
            return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template)

        out = []
        if self.system:
            out.append(Message("system", fill(self.system)))
        out.append(Message("user", fill(self.user)))
        return out


def parse_prompt(name: str, text: str, path: str) -> Prompt:
    """Split a prompt file into its ``## system`` and ``## user`` sections."""
    parts = _SECTION.split(text)
    sections: dict[str, str] = {}
    for i in range(1, len(parts) - 1, 2):
        sections[parts[i]] = parts[i + 1].strip()
    if "user" not in sections:
        raise ConfigError(f"prompt {path} has no '## user' section: copy the bundled prompt's layout")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Prompt(name, sections.get("system", ""), sections["user"], digest, path)


class PromptSet:
    """The prompts of one run: files in ``override_dir`` win over the bundled ones."""

    def __init__(self, override_dir: str | None = None):
        self.override_dir = Path(override_dir).expanduser() if override_dir else None
        if self.override_dir is not None and not self.override_dir.is_dir():
            raise ConfigError(f"--prompts {self.override_dir} is not a directory: point it at a folder of .md prompts")
        self._cache: dict[str, Prompt] = {}
        self.used: dict[str, str] = {}

    def get(self, name: str) -> Prompt:
        """Load (once) and return prompt ``name``; records its hash in ``used``."""
        if name not in self._cache:
            path = packaged_dir() / f"{name}.md"
            if self.override_dir is not None and (self.override_dir / f"{name}.md").is_file():
                path = self.override_dir / f"{name}.md"
            try:
                text = path.read_text(encoding="utf-8")
            except OSError:
                raise ConfigError(f"prompt file {path} cannot be read: reinstall summarizer or fix --prompts") from None
            self._cache[name] = parse_prompt(name, text, str(path))
        prompt = self._cache[name]
        self.used[name] = prompt.sha256
        return prompt

    def hashes(self, names: tuple[str, ...] = PROMPT_NAMES) -> dict[str, str]:
        """sha256 of each named prompt (loads them)."""
        return {n: self.get(n).sha256 for n in names}
