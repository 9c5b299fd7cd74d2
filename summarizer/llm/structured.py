"""Schema -> backend.complete -> parse -> validate -> re-ask with the errors (bounded) -> typed value or error."""

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

# A validator returns (hard, soft) problems. Hard ones must be fixed or the call fails; soft ones (trust
# findings) are sent back while the re-ask budget lasts and are otherwise handled by the caller.
Validator = Callable[[T], tuple[list[str], list[str]]]

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
MAX_LISTED_ERRORS = 12


@dataclass
class StructuredResult(Generic[T]):
    """A validated value plus every completion it took (re-asks included)."""

    value: T
    completions: list[Completion] = field(default_factory=list)
    retries: int = 0
    soft_errors: list[str] = field(default_factory=list)


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
            else:
                out[key] = walk(value, depth + 1)
        return out

    result: dict[str, Any] = walk(schema, 0)
    return result


def complete_structured(
    backend: Backend,
    messages: Sequence[Message],
    output_type: type[T],
    *,
    max_retries: int = 2,
    validate: Validator[T] | None = None,
    repair: Prompt | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
    seed: int | None = None,
    schema_name: str | None = None,
) -> StructuredResult[T]:
    """Ask for ``output_type`` as JSON; re-ask with the errors at most ``max_retries`` times."""
    schema = compact_schema(output_type.model_json_schema())
    name = schema_name or output_type.__name__
    convo = list(messages)
    completions: list[Completion] = []
    retries = 0
    grew_tokens = False
    last_text = ""
    errors: list[str] = []
    while True:
        comp = backend.complete(
            convo, json_schema=schema, schema_name=name, max_tokens=max_tokens, temperature=temperature, seed=seed
        )
        completions.append(comp)
        last_text = comp.text
        if comp.refusal:
            raise BackendError(f"the model refused the request: {comp.refusal.strip()[:300]}")
        if comp.finish_reason == "length":
            # A cut-off reply is never valid JSON worth repairing: ask once more with room to finish.
            if not grew_tokens:
                grew_tokens = True
                max_tokens = max(2 * (max_tokens or 2048), 4096)
                continue
            raise OutputValidationError(
                f"the model's reply was cut off at {max_tokens} tokens twice; raise --max-output-tokens "
                "or lower --chunk-tokens",
                errors=["finish_reason=length"],
                last_reply=last_text,
            )
        value: T | None = None
        soft: list[str] = []
        try:
            value = output_type.model_validate(parse_json(comp.text))
            hard, soft = validate(value) if validate else ([], [])
            errors = hard + soft
        except json.JSONDecodeError as exc:
            errors = [f"the reply is not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"]
            hard = errors
        except ValidationError as exc:
            errors = validation_errors(exc)
            hard = errors
        if not errors and value is not None:
            return StructuredResult(value, completions, retries)
        if retries >= max_retries:
            if not hard and value is not None:
                return StructuredResult(value, completions, retries, soft_errors=soft)
            shown = "; ".join(hard[:3]) + (f" (+{len(hard) - 3} more)" if len(hard) > 3 else "")
            raise OutputValidationError(
                f"the model did not produce a valid {name} after {retries + 1} attempt(s): {shown}",
                errors=hard,
                last_reply=last_text,
            )
        retries += 1
        listed = "\n".join(f"- {e}" for e in errors[:MAX_LISTED_ERRORS])
        if len(errors) > MAX_LISTED_ERRORS:
            listed += f"\n- ... and {len(errors) - MAX_LISTED_ERRORS} more"
        convo = [*convo, Message("assistant", comp.text)]
        if repair is not None:
            convo += [m for m in repair.render(errors=listed) if m.role == "user"]
        else:
            convo.append(Message("user", listed))
