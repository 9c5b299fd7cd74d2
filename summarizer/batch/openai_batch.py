"""The OpenAI Batch API path (``--via batch-api``): half the price, results within 24 hours.

Design: the normal pipeline runs unchanged. Its backend is the usual ``LimitedBackend`` with a ``defer`` hook:
a request whose reply is in the state file is replayed; a request the pipeline asks for the first time is
recorded and the item waits (``Deferred``). ``submit`` writes the recorded requests as JSONL (custom_id =
article id + task + chunk), uploads them and creates the batches. ``collect`` downloads the output and error
files into the reply cache and runs the pipeline again: batch replies are replayed and validated and checked
exactly as a direct reply would be; re-asks (a conversation with an assistant turn) and every request of an
item whose batch request failed go out directly; new first-turn requests (the reduce step of a long article)
are deferred into the next round.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.backends import Completion, Message
from summarizer.backends.limited import LimitedBackend
from summarizer.batch.inputs import Item, discover
from summarizer.batch.plan import config_key
from summarizer.batch.run import BatchOptions, BatchOutcome, Deferred, run_batch, run_key
from summarizer.batch.store import Reply, Store, default_state_path
from summarizer.config import Settings, load_settings
from summarizer.errors import ConfigError, SummarizerError
from summarizer.files import atomic_write
from summarizer.llm.prompts import PromptSet

MAX_REQUESTS = 50_000  # per input file (OpenAI limit)
MAX_BYTES = 200 * 1024 * 1024  # per input file (OpenAI limit)
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})
ENDPOINT = "/v1/chat/completions"
_FIRST_ID = re.compile(r"^(\d+): ", re.MULTILINE)  # llm/chunking.sentence_line


# --------------------------------------------------------------------------- requests


def request_body(model: str, messages: Sequence[Message], args: dict[str, Any], *, openai_host: bool) -> dict[str, Any]:
    """The /v1/chat/completions body OpenAIBackend would send for this request (Structured Outputs)."""
    from summarizer.backends.openai import strict_schema

    body: dict[str, Any] = {"model": model, "messages": [{"role": m.role, "content": m.content} for m in messages]}
    if args.get("max_tokens") is not None:
        body["max_completion_tokens" if openai_host else "max_tokens"] = args["max_tokens"]
    if args.get("temperature") is not None:
        body["temperature"] = args["temperature"]
    if args.get("seed") is not None:
        body["seed"] = args["seed"]
    if args.get("json_schema") is not None:
        name = re.sub(r"[^A-Za-z0-9_-]", "_", str(args.get("schema_name") or "output"))[:64] or "output"
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": strict_schema(args["json_schema"]), "strict": True},
        }
    return body


@dataclass
class _Pending:
    key: str
    index: int
    article_id: str
    task: str
    model: str
    messages: list[Message]
    args: dict[str, Any]


class _Deferrer:
    """The ``defer`` hook: which requests wait for a batch and which go out directly."""

    def __init__(self, already_sent: set[str], direct_items: set[int] | None = None):
        self.already_sent = already_sent
        self.direct_items = direct_items or set()
        self.requests: dict[str, _Pending] = {}
        self._lock = threading.Lock()

    def __call__(
        self, backend: LimitedBackend, key: str, messages: Sequence[Message], args: dict[str, Any]
    ) -> Completion | None:
        if backend.item_index in self.direct_items or any(m.role == "assistant" for m in messages):
            return None  # the item's batch request failed, or this is a re-ask: send it now
        if key not in self.already_sent:
            with self._lock:
                if key not in self.requests:
                    self.requests[key] = _Pending(
                        key, backend.item_index or 0, backend.article_id or "", backend.task or "", backend.model,
                        list(messages), dict(args),
                    )  # fmt: skip
        raise Deferred(key)


def _custom_ids(pending: Sequence[_Pending]) -> list[tuple[str, _Pending]]:
    """custom_id = article id + task + chunk (requests of one article ordered by the first sentence they show)."""

    def first_id(p: _Pending) -> int:
        m = _FIRST_ID.search(p.messages[-1].content) if p.messages else None
        return int(m.group(1)) if m else -1

    out = []
    groups: dict[tuple[str, str, str], list[_Pending]] = {}
    for p in pending:
        groups.setdefault((p.article_id, p.task, str(p.args.get("schema_name"))), []).append(p)
    for (aid, task, schema), reqs in groups.items():
        reqs.sort(key=first_id)
        for k, p in enumerate(reqs):
            part = schema if schema == task else (f"{schema}{k}" if len(reqs) > 1 or schema == "map" else schema)
            out.append((f"{aid[:16]}-{task}-{part}-{p.key[:8]}", p))
    return out


def split_jsonl(lines: Sequence[str], *, max_requests: int = MAX_REQUESTS, max_bytes: int = MAX_BYTES) -> list[str]:
    """Group JSONL lines into files of at most ``max_requests`` lines and ``max_bytes`` bytes."""
    files: list[list[str]] = [[]]
    size = 0
    for line in lines:
        n = len(line.encode("utf-8")) + 1
        if files[-1] and (len(files[-1]) >= max_requests or size + n > max_bytes):
            files.append([])
            size = 0
        files[-1].append(line)
        size += n
    return ["".join(f"{x}\n" for x in f) for f in files if f]


# --------------------------------------------------------------------------- the API


class BatchClient:
    """files + batches through the openai SDK, errors mapped onto the error tree (never the key)."""

    def __init__(self, settings: Settings):
        from summarizer.backends.openai import OpenAIBackend

        self._backend = OpenAIBackend.from_settings(settings)
        self.openai_host = self._backend.is_openai
        self._sdk = self._backend.sdk

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._backend.call_sdk(fn, *args, **kwargs)
        except SummarizerError as err:
            raise type(err)(f"Batch API {what}: {err}") from None

    def upload(self, name: str, data: bytes) -> str:
        """Upload a JSONL file (purpose "batch"); its file id."""
        return str(self._call("upload", self._sdk.files.create, file=(name, data), purpose="batch").id)

    def create(self, file_id: str, metadata: dict[str, str]) -> tuple[str, str]:
        """Create a batch over ``file_id``: (batch id, status)."""
        b = self._call(
            "create", self._sdk.batches.create, input_file_id=file_id, endpoint=ENDPOINT, completion_window="24h",
            metadata=metadata,
        )  # fmt: skip
        return str(b.id), str(b.status)

    def retrieve(self, batch_id: str) -> tuple[str, str | None, str | None]:
        """(status, output file id, error file id) of a batch."""
        b = self._call("status", self._sdk.batches.retrieve, batch_id)
        return str(b.status), b.output_file_id, b.error_file_id

    def content(self, file_id: str) -> str:
        """The text of a result file."""
        return str(self._call("download", self._sdk.files.content, file_id).text)


def _send(api: BatchClient, store: Store, run_id: int, round_no: int, deferrer: _Deferrer) -> list[dict[str, Any]]:
    """Write, upload and create the batches for the deferred requests; record them in the store."""
    ids = _custom_ids(list(deferrer.requests.values()))
    lines = [
        json.dumps({"custom_id": cid, "method": "POST", "url": ENDPOINT,
                    "body": request_body(p.model, p.messages, p.args, openai_host=api.openai_host)})
        for cid, p in ids
    ]  # fmt: skip
    by_cid = {cid: p for cid, p in ids}
    made = []
    for n, text in enumerate(split_jsonl(lines), start=1):
        file_id = api.upload(f"summarizer-run{run_id}-r{round_no}-{n}.jsonl", text.encode("utf-8"))
        batch_id, status = api.create(file_id, {"summarizer_run": str(run_id), "round": str(round_no)})
        cids = [json.loads(x)["custom_id"] for x in text.splitlines()]
        store.add_batch(batch_id, run_id, round_no, file_id, status,
                        [(c, by_cid[c].index, by_cid[c].key) for c in cids])  # fmt: skip
        made.append({"id": batch_id, "round": round_no, "requests": len(cids), "status": status})
    return made


@dataclass
class Submission:
    """What ``submit`` / ``collect`` did."""

    outcome: BatchOutcome
    batches: list[dict[str, Any]] = field(default_factory=list)
    waiting_on: list[dict[str, Any]] = field(default_factory=list)  # collect: batches not finished yet

    @property
    def exit_code(self) -> int:
        """1 when items failed; 0 otherwise (waiting is not failing)."""
        return self.outcome.exit_code

    def summary(self) -> str:
        """One paragraph for the terminal."""
        r = self.outcome.report
        if self.waiting_on:
            listed = ", ".join(f"{b['id']} ({b['status']})" for b in self.waiting_on)
            return f"batches not finished yet: {listed}; run 'summarizer batch collect DIR' later"
        text = f"{r.ok} ok, {r.cached} cached, {r.failed} failed, {r.waiting} waiting; {r.calls} direct calls"
        if self.batches:
            text += "; submitted " + ", ".join(f"{b['id']} ({b['requests']} requests)" for b in self.batches)
            text += "; follow with 'summarizer batch status DIR' and 'summarizer batch collect DIR'"
        return text


def _already_sent(store: Store, key: str) -> tuple[set[str], int]:
    """Reply keys in uncollected live batches of the run with ``key``, and the next round number."""
    rows = store.all_rows(
        "SELECT br.reply_key, b.collected, b.status, b.round FROM batch_requests br "
        "JOIN batches b ON b.id = br.batch_id JOIN runs r ON r.id = b.run_id WHERE r.run_key = ?",
        (key,),
    )
    sent = {str(k) for k, collected, status, _ in rows if not collected and status not in ("failed", "expired",
                                                                                             "cancelled")}  # fmt: skip
    return sent, max((int(r[3]) for r in rows), default=0) + 1


def submit(
    items: Sequence[Item], settings: Settings, opts: BatchOptions, *, inputs: Sequence[str] = (),
    api: BatchClient | None = None,
) -> Submission:  # fmt: skip
    """Run the pipeline up to its first unanswered requests and send those as Batch API jobs."""
    if settings.backend != "openai":
        raise ConfigError("--via batch-api needs the openai backend: set OPENAI_API_KEY or pass --backend openai")
    opts.validate()
    api = api or BatchClient(settings)
    key = run_key(items, opts, config_key(opts.task, settings, PromptSet(settings.prompts_dir)))
    with Store(opts.state_path) as store:
        sent, round_no = _already_sent(store, key)
    deferrer = _Deferrer(sent)
    outcome = run_batch(items, settings, opts, inputs=inputs, defer=deferrer)
    return _finish(api, opts, outcome, deferrer, round_no)


def _finish(api: BatchClient, opts: BatchOptions, outcome: BatchOutcome, deferrer: _Deferrer, rnd: int) -> Submission:
    made: list[dict[str, Any]] = []
    if deferrer.requests:
        with Store(opts.state_path) as store:
            made = _send(api, store, outcome.report.run_id, rnd, deferrer)
            store.finish_run(outcome.report.run_id, "submitted", outcome.report.model_dump())
    report = outcome.report.model_copy(update={"batches": [*outcome.report.batches, *made]})
    outcome.report = report
    atomic_write(Path(opts.out_dir) / "report.json", report.model_dump_json(indent=2) + "\n")
    return Submission(outcome, made)


def _open(out_dir: str | Path, state: str | None) -> tuple[Store, dict[str, Any]]:
    path = Path(state).expanduser() if state else default_state_path(out_dir)
    if not path.exists():
        raise ConfigError(f"no state file at {path}: pass the --out folder of a batch run (and its --state)")
    store = Store(path)
    run = store.run_info()
    if run is None:
        store.close()
        raise ConfigError(f"{path} records no run yet: start one with 'summarizer batch INPUT... --out DIR'")
    return store, run


def _settings_of(run: dict[str, Any], config_path: str | None) -> Settings:
    """The run's own settings, with the API key of this environment (keys are never stored)."""
    current = load_settings({}, config_path=config_path)
    known = set(Settings.model_fields)
    stored = {k: v for k, v in run["spec"]["settings"].items() if k in known}
    return Settings(**stored).replace(api_key=current.api_key, base_url=stored.get("base_url") or current.base_url)


def _refresh(api: BatchClient, store: Store, run_id: int) -> list[dict[str, Any]]:
    for b in store.batches(run_id):
        if b["status"] not in TERMINAL and not b["collected"]:
            st, out_id, err_id = api.retrieve(b["id"])
            store.update_batch(b["id"], status=st, output_file_id=out_id, error_file_id=err_id)
    return store.batches(run_id)


def status(out_dir: str | Path, *, state: str | None = None, config_path: str | None = None,
           api: BatchClient | None = None) -> dict[str, Any]:  # fmt: skip
    """The latest run in DIR: status, items per status, and its batches (polled when still running)."""
    store, run = _open(out_dir, state)
    with store:
        batches = store.batches(run["id"])
        if any(b["status"] not in TERMINAL and not b["collected"] for b in batches):
            api = api or BatchClient(_settings_of(run, config_path))
            batches = _refresh(api, store, run["id"])
        counts = store.item_counts(run["id"])
    return {"run_id": run["id"], "task": run["task"], "via": run["via"], "status": run["status"], "items": counts,
            "batches": batches, "report": run["report"]}  # fmt: skip


def _take_results(api: BatchClient, store: Store, batch: dict[str, Any]) -> None:
    """Download one batch's output and error files into the reply cache; mark each request."""
    wanted = store.batch_requests(batch["id"])
    seen: set[str] = set()
    if batch["output_file_id"]:
        for line in api.content(batch["output_file_id"]).splitlines():
            row = json.loads(line) if line.strip() else None
            if not row or row.get("custom_id") not in wanted:
                continue
            cid = row["custom_id"]
            seen.add(cid)
            resp = row.get("response") or {}
            body = resp.get("body") or {}
            try:
                if resp.get("status_code") != 200:
                    raise ValueError(f"HTTP {resp.get('status_code')}: {json.dumps(body)[:200]}")
                choice, usage = body["choices"][0], body.get("usage") or {}
                reply = Reply(
                    choice["message"].get("content") or "", body.get("model") or "", choice.get("finish_reason"),
                    usage.get("prompt_tokens"), usage.get("completion_tokens"), resp.get("request_id"),
                )  # fmt: skip
            except (KeyError, IndexError, TypeError, ValueError) as exc:
                store.mark_request(batch["id"], cid, "failed", str(exc)[:300])
                continue
            store.put_reply(wanted[cid][1], reply)
            store.mark_request(batch["id"], cid, "ok")
    if batch["error_file_id"]:
        for line in api.content(batch["error_file_id"]).splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row.get("custom_id") in wanted:
                seen.add(row["custom_id"])
                store.mark_request(batch["id"], row["custom_id"], "failed", json.dumps(row.get("error") or row)[:300])
    for cid in set(wanted) - seen:  # expired, cancelled, or simply missing
        store.mark_request(batch["id"], cid, "failed", f"no result (batch {batch['status']})")
    store.update_batch(batch["id"], status=batch["status"], collected=True)


def collect(out_dir: str | Path, *, state: str | None = None, config_path: str | None = None,
            api: BatchClient | None = None) -> Submission:  # fmt: skip
    """Fetch finished batches, replay them through the pipeline, write outputs, send what is left."""
    store, run = _open(out_dir, state)
    with store:
        if run["via"] != "batch-api":
            raise ConfigError(f"the latest run in {out_dir} ran directly (--via direct): there is nothing to collect")
        settings = _settings_of(run, config_path)
        api = api or BatchClient(settings)
        batches = _refresh(api, store, run["id"])
        busy = [b for b in batches if b["status"] not in TERMINAL and not b["collected"]]
        for b in batches:
            if b["status"] in TERMINAL and not b["collected"]:
                _take_results(api, store, b)
        direct = store.failed_request_items(run["id"])
        next_round = max((b["round"] for b in batches), default=0) + 1
    spec_opts = dict(run["spec"]["options"])
    spec_opts["formats"] = tuple(spec_opts.get("formats") or ("json",))
    spec_opts["out_dir"], spec_opts["state"] = str(out_dir), state
    spec_opts["force"] = False  # the downloaded replies must be replayed, not ignored
    opts = BatchOptions(**spec_opts)
    inputs = list(run["spec"].get("inputs") or [])
    if busy:
        dummy = BatchOutcome(_report_of(run), [])
        return Submission(dummy, waiting_on=busy)
    if not inputs:
        raise ConfigError(f"the run in {out_dir} recorded no inputs: run the batch command again")
    items = discover(inputs)
    deferrer = _Deferrer(set(), direct)
    outcome = run_batch(items, settings, opts, inputs=inputs, defer=deferrer)
    return _finish(api, opts, outcome, deferrer, next_round)


def _report_of(run: dict[str, Any]) -> Any:
    from summarizer.batch.report import BatchReport

    return BatchReport.model_validate(run["report"] or {"run_id": run["id"]})
