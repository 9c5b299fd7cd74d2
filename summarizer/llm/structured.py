"""Schema -> backend.complete -> parse -> validate -> re-ask (bounded) -> the best valid reply, or an error.

Two kinds of problems, two budgets. A reply that is not the schema (bad JSON, wrong fields, cut off) is re-asked
with the repair prompt while ``max_retries`` lasts and no valid reply exists yet. A schema-valid reply whose items
fail the trust checks is re-asked once, with the reask prompt naming each item. Whatever comes back, the best
schema-valid reply seen is returned: a malformed, cut-off, refused or failed re-ask never loses it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.backends import Backend, Completion, Message
from summarizer.errors import BackendError, OutputValidationError
from summarizer.llm.prompts import Prompt

T = TypeVar("T", bound=BaseModel)


@dataclass
class Review:
    """What a validator found in a schema-valid reply: item errors for the re-ask, and how many items they hit."""

    errors: list[str] = field(default_factory=list)
    bad_items: int = 0


Validator = Callable[[T], Review]

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
MAX_LISTED_ERRORS = 12


@dataclass
class StructuredResult(Generic[T]):
    """The best validated value plus every completion it took (re-asks included)."""

    value: T
    completions: list[Completion] = field(default_factory=list)
    retries: int = 0
    soft_errors: list[str] = field(default_factory=list)
    # Why a later reply was not used ("re-ask cut off", ...); None when the last reply is the one returned.
    kept_earlier: str | None = None


def parse_json(text: str) -> object:
    """Parse a JSON reply, tolerating a Markdown code fence around it."""
    m = _FENCE.match(text)
    return json.loads(m.group(1) if m else text)


def validation_errors(exc: ValidationError) -> list[str]:
    """Short, model-readable lines for a pydantic ValidationError."""
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(root)"
        out.append(f"{loc}: {err['msg']}")
    return out


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema the model sees: titles, descriptions and defaults dropped, ``$defs`` inlined.

    The prompt defines every field, so the schema only carries structure: its tokens are paid on every call.
    """
    defs = schema.get("$defs", {})

    def walk(node: Any, depth: int) -> Any:
        if depth > 40:
            raise ValueError("the output schema nests too deeply to inline")
        if isinstance(node, list):
            return [walk(n, depth + 1) for n in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref.split("/")[-1] in defs:
            return walk(defs[ref.split("/")[-1]], depth + 1)
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key in ("title", "description", "default", "$defs"):
                continue
            if key == "properties" and isinstance(value, dict):
                out[key] = {name: walk(sub, depth + 1) for name, sub in value.items()}
            elif key == "anyOf" and (types := _plain_types(value)):
                out["type"] = types  # {"type": ["string", "null"]}: half the tokens of the anyOf, same meaning
            else:
                out[key] = walk(value, depth + 1)
        return out

    result: dict[str, Any] = walk(schema, 0)
    return result


def _plain_types(options: Any) -> list[str] | None:
    """The type names of an ``anyOf`` whose every option is a bare ``{"type": name}``; None otherwise."""
    if not isinstance(options, list) or len(options) < 2:
        return None
    if not all(isinstance(o, dict) and set(o) == {"type"} and isinstance(o["type"], str) for o in options):
        return None
    return [o["type"] for o in options]


def _listed(errors: list[str]) -> str:
    listed = "\n".join(f"- {e}" for e in errors[:MAX_LISTED_ERRORS])
    if len(errors) > MAX_LISTED_ERRORS:
        listed += f"\n- ... and {len(errors) - MAX_LISTED_ERRORS} more"
    return listed


def _follow_up(prompt: Prompt | None, placeholder: str, body: str) -> list[Message]:
    if prompt is None:
        return [Message("user", body)]
    return [m for m in prompt.render(**{placeholder: body}) if m.role == "user"]


def complete_structured(
    backend: Backend,
    messages: Sequence[Message],
    output_type: type[T],
    *,
    max_retries: int = 2,
    validate: Validator[T] | None = None,
    repair: Prompt | None = None,
    reask: Prompt | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
    seed: int | None = None,
    schema_name: str | None = None,
    grow: bool = True,
) -> StructuredResult[T]:
    """Ask for ``output_type`` as JSON; repair invalid replies, re-ask once for item errors; return the best.

    A reply cut off at ``max_tokens`` is asked once more with room to finish when ``grow`` (the budget was not the
    user's own: a budget they set is a hard cap per call)."""
    schema = compact_schema(output_type.model_json_schema())
    name = schema_name or output_type.__name__
    convo = list(messages)
    completions: list[Completion] = []
    retries = 0
    grew_tokens = False
    reasked = False
    best: StructuredResult[T] | None = None
    best_bad = 0

    def finish(why: str | None) -> StructuredResult[T]:
        assert best is not None
        best.completions, best.retries, best.kept_earlier = completions, retries, why
        return best

    while True:
        try:
            comp = backend.complete(
                convo, json_schema=schema, schema_name=name, max_tokens=max_tokens, temperature=temperature, seed=seed
            )
        except BackendError as exc:
            if best is not None:  # a re-ask that fails in transport never loses the valid reply before it
                return finish(f"re-ask failed: {exc}")
            raise
        completions.append(comp)
        if comp.refusal:
            if best is not None:
                return finish("re-ask refused")
            raise BackendError(f"the model refused the request: {comp.refusal.strip()[:300]}")
        if comp.finish_reason == "length":
            if best is not None:
                return finish("re-ask cut off")
            # A cut-off reply is never valid JSON worth repairing: ask once more with room to finish.
            if grow and not grew_tokens:
                grew_tokens = True
                max_tokens = max(2 * (max_tokens or 2048), 4096)
                continue
            raise OutputValidationError(
                f"the model's reply was cut off at {max_tokens} tokens; raise --max-output-tokens "
                "or lower --chunk-tokens",
                errors=["finish_reason=length"],
                last_reply=comp.text,
            )
        try:
            value = output_type.model_validate(parse_json(comp.text))
        except json.JSONDecodeError as exc:
            hard = [f"the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"]
        except ValidationError as exc:
            hard = validation_errors(exc)
        else:
            review = validate(value) if validate else Review()
            # Fewer bad items wins; a tie goes to the later reply (the model's answer to the re-ask).
            if best is None or review.bad_items <= best_bad:
                best, best_bad = StructuredResult(value, soft_errors=review.errors), review.bad_items
                why = None
            else:
                why = f"the re-ask had {review.bad_items} item(s) in error, the earlier reply {best_bad}"
            if not review.errors or reasked or retries >= max_retries:
                return finish(why)
            retries += 1
            reasked = True
            convo = [*convo, Message("assistant", comp.text), *_follow_up(reask, "items", "\n".join(review.errors))]
            continue
        if best is not None:
            return finish("re-ask was not valid JSON for the schema")
        if retries >= max_retries:
            shown = "; ".join(hard[:3]) + (f" (+{len(hard) - 3} more)" if len(hard) > 3 else "")
            raise OutputValidationError(
                f"the model did not produce a valid {name} after {retries + 1} attempt(s): {shown}",
                errors=hard,
                last_reply=comp.text,
            )
        retries += 1
        convo = [*convo, Message("assistant", comp.text), *_follow_up(repair, "errors", _listed(hard))]
