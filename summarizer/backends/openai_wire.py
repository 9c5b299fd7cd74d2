"""The OpenAI wire format without the SDK: strict JSON Schemas, message lists, fallback decisions."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from summarizer.backends import Message
from summarizer.errors import ConfigError

# Keywords Structured Outputs rejects; dropping them only loosens the schema, and we validate locally anyway.
_UNSUPPORTED = frozenset(
    "default minLength maxLength uniqueItems patternProperties propertyNames minProperties maxProperties "
    "unevaluatedProperties contains minContains maxContains if then else not dependentRequired dependentSchemas "
    "discriminator examples readOnly writeOnly deprecated".split()
)
_FORMATS = frozenset({"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"})


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic ``model_json_schema()`` made acceptable to OpenAI Structured Outputs (strict mode)."""
    out = copy.deepcopy(schema)
    defs = out.get("$defs", {})
    return _strict_node(out, defs, depth=0)


def _strict_node(node: Any, defs: dict[str, Any], depth: int) -> Any:
    if isinstance(node, list):
        return [_strict_node(n, defs, depth) for n in node]
    if not isinstance(node, dict):
        return node
    if depth > 50:  # a self-referencing $ref with siblings would inline forever
        raise ConfigError("the output JSON Schema nests too deeply to send as a strict schema")
    node = {k: v for k, v in node.items() if k not in _UNSUPPORTED}
    if "format" in node and node["format"] not in _FORMATS:
        del node["format"]
    # pydantic wraps a single $ref in allOf to attach a description; strict mode wants it plain.
    if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        inner = node.pop("allOf")[0]
        node = {**inner, **node}
    # Strict mode forbids keywords next to $ref: inline the definition under them.
    ref = node.get("$ref")
    if isinstance(ref, str) and len(node) > 1 and ref.startswith("#/$defs/"):
        target = defs.get(ref.split("/")[-1])
        if isinstance(target, dict):
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs", "definitions") and isinstance(value, dict):
            out[key] = {name: _strict_node(sub, defs, depth + 1) for name, sub in value.items()}
        elif key in ("items", "anyOf", "oneOf", "allOf", "prefixItems", "additionalProperties"):
            out[key] = _strict_node(value, defs, depth + 1)
        else:
            out[key] = value
    if "oneOf" in out:  # strict mode supports anyOf only
        out["anyOf"] = out.pop("oneOf")
    if out.get("type") == "object" or "properties" in out:
        out.setdefault("properties", {})
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


def wire(messages: Sequence[Message]) -> list[dict[str, str]]:
    """Messages as the chat API takes them."""
    return [{"role": m.role, "content": m.content} for m in messages]


@lru_cache(maxsize=1)
def schema_note() -> str:
    """The line put before the schema in the json_object fallback (summarizer/prompts/schema_note.md)."""
    from pathlib import Path

    # the package's prompt folder, read directly: the backend layer sits below llm/ and must not import it
    return (Path(__file__).resolve().parents[1] / "prompts" / "schema_note.md").read_text(encoding="utf-8").strip()


def with_schema(messages: Sequence[Message], schema: dict[str, Any]) -> list[dict[str, str]]:
    """The messages with the schema appended to the system message (one is added when missing)."""
    note = schema_note() + "\n" + json.dumps(schema, separators=(",", ":"), ensure_ascii=False)
    msgs = wire(messages)
    for m in msgs:
        if m["role"] == "system":
            m["content"] = f"{m['content'].rstrip()}\n\n{note}"
            return msgs
    return [{"role": "system", "content": note}, *msgs]


def schema_name(name: str) -> str:
    """A name OpenAI accepts for a json_schema ([a-zA-Z0-9_-]{1,64})."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "_", name)[:64]
    return cleaned or "output"


def may_be_schema_rejection(exc: Any) -> bool:
    """A 400/422 could be about anything; rule out the ones that clearly are not about response_format."""
    body = getattr(exc, "body", None)
    err = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(err, dict):
        if err.get("code") == "context_length_exceeded":
            return False
        param = err.get("param")
        if isinstance(param, str) and param and "response_format" not in param and "schema" not in param:
            return False
    return True
