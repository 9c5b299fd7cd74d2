"""Nightly jobs: many articles through the same pipeline, concurrently, within limits, resumable and reported.

``run_batch`` runs items in a thread pool. Each item: load -> result cache -> cost gate -> pipeline.run with
a per-item ``LimitedBackend`` (reply cache, RPM/TPM buckets, shared 429 pause, call log) -> output files
(atomic) -> result cache -> item status. Re-running the same command resumes an interrupted run: finished
items come from the cache and calls already paid for are replayed from the state file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from summarizer.backends import Backend, Completion, Message
from summarizer.backends.limited import Aborted, LimitedBackend
from summarizer.backends.ratelimit import Limiter, attach_http_hooks
from summarizer.batch.drive import Budget, drive
from summarizer.batch.inputs import Item, load_item
from summarizer.batch.lock import RunLock
from summarizer.batch.plan import config_key, map_requests, plan_calls, result_key
from summarizer.batch.pricing import cost_usd, prices_for
from summarizer.batch.report import BatchReport, ItemResult, tally, with_run_totals, write_if_changed, write_run_files
from summarizer.batch.store import Store, default_state_path
from summarizer.config import Settings
from summarizer.errors import AuthError, ConfigError, OutputValidationError, SummarizerError
from summarizer.files import DiskFullError, disk_full, scrub, sweep_temp_files
from summarizer.llm.prompts import PromptSet
from summarizer.pipeline import Engine, ExtractiveEngine, LLMEngine, run
from summarizer.schemas import OUTPUT_TYPES, TASKS, Article, Brief, ClaimList, Rewrite

MissHook = Callable[[LimitedBackend, str, Sequence[Message], dict[str, Any]], Completion | None]
VIA = ("direct", "batch-api")


@dataclass(frozen=True)
class BatchOptions:
    """The batch-only knobs (every per-article knob lives in Settings)."""

    task: str = "brief"
    out_dir: str = "."
    concurrency: int = 8
    rpm: float | None = None
    tpm: float | None = None
    max_cost: float | None = None
    price_in: float | None = None
    price_out: float | None = None
    force: bool = False
    via: str = "direct"
    formats: tuple[str, ...] = ("json",)
    state: str | None = None
    log_content: bool = False
    wait: bool = False  # --wait: queue behind a run that holds DIR's lock instead of exiting 2

    def validate(self) -> None:
        """Raise ConfigError for values no run can use."""
        if self.task not in TASKS:
            raise ConfigError(f"--task {self.task!r}: use brief, claims or rewrite")
        if self.via not in VIA:
            raise ConfigError(f"--via {self.via!r}: use direct or batch-api")
        if not 1 <= self.concurrency <= 64:
            raise ConfigError(f"--concurrency {self.concurrency} must be between 1 and 64")
        for flag, value in (("--rpm", self.rpm), ("--tpm", self.tpm), ("--max-cost", self.max_cost)):
            if value is not None and value <= 0:
                raise ConfigError(f"{flag} {value} must be positive")
        for flag, value in (("--price-in", self.price_in), ("--price-out", self.price_out)):
            if value is not None and value < 0:
                raise ConfigError(f"{flag} {value} must not be negative")

    @property
    def state_path(self) -> Path:
        """--state, else DIR/.summarizer.db."""
        return Path(self.state).expanduser() if self.state else default_state_path(self.out_dir)


@dataclass
class BatchOutcome:
    """What a run produced."""

    report: BatchReport
    results: list[ItemResult]

    @property
    def exit_code(self) -> int:
        """0 when no item failed or was skipped and the run was not interrupted (waiting is fine), else 1."""
        r = self.report
        return 1 if r.failed or r.skipped or r.interrupted else 0


class Deferred(Exception):
    """Raised by a Batch API ``defer`` hook: this request goes into the next batch, the item waits."""


# --------------------------------------------------------------------------- the run


@dataclass
class _Run:
    """Shared state of one run; ``process`` handles one item on a worker thread."""

    settings: Settings
    opts: BatchOptions
    store: Store
    engine: Engine
    base: LimitedBackend | None
    prompts: PromptSet
    cfg: str
    run_id: int
    prior: dict[int, str]
    stop: threading.Event
    prices: tuple[float, float]
    secret: str | None = None
    spent_before: float = 0.0  # what earlier invocations of this run cost (--max-cost covers the whole run)
    budget: Budget = field(init=False)
    batch_priced: bool = False  # replies collected from the Batch API cost half
    auth_error: AuthError | None = None
    disk_full: DiskFullError | None = None
    written: list[int] = field(default_factory=list)  # bytes of output files written, per item

    def __post_init__(self) -> None:
        self.budget = Budget(self.opts.max_cost)
        self.budget.spent = self.spent_before
        self.out_dir = Path(self.opts.out_dir)

    def _write(self, item: Item, out: Any, article: Article, text: str) -> list[str]:
        from summarizer.render import render

        files, size = [], 0
        for fmt in self.opts.formats:
            body = scrub(text if fmt == "json" else render(out, fmt, article=article), self.secret)
            path = self.out_dir / f"{item.name}.{fmt}"
            write_if_changed(path, body if body.endswith("\n") else body + "\n")
            files.append(path.name)
            size += len(body.encode("utf-8"))
        self.written.append(size)
        return files

    def process(self, item: Item) -> ItemResult:
        """Run one item start to finish; never raises (a full disk stops the run instead)."""
        try:
            return self._process(item)
        except DiskFullError as exc:  # the state file itself could not record the item
            self._full(exc)
            return ItemResult(item.index, item.source, item.name, "failed", str(exc))

    def _full(self, exc: DiskFullError) -> None:
        if self.disk_full is None:
            self.disk_full = exc
        self.stop.set()  # every further item would fail the same way

    def _process(self, item: Item) -> ItemResult:
        t0 = time.perf_counter()
        res = ItemResult(item.index, item.source, item.name, "failed")
        if self.stop.is_set():
            res.status = "skipped"
            res.reason = (
                "not started: the API key was rejected" if self.auth_error
                else "not started: the disk is full" if self.disk_full
                else "interrupted before it started; run the same command again"
            )  # fmt: skip
            return res
        self.store.set_item(self.run_id, item.index, "running", attempt=True)
        estimate = 0.0
        reserved = False
        backend: LimitedBackend | None = None
        task = self.opts.task
        try:
            article = load_item(item, self.settings)
            res.article_id, res.title = article.id, article.title
            key = result_key(article.id, task, self.cfg)
            cached = None if self.opts.force and self.prior.get(item.index) != "ok" else self.store.get_result(key)
            if cached is not None:
                out = OUTPUT_TYPES[task].model_validate_json(cached)
                assert isinstance(out, Brief | ClaimList | Rewrite)
                res.output, res.status = out, "ok" if self.prior.get(item.index) == "ok" else "cached"
                res.files = self._write(item, out, article, cached)
            elif (gate := self._gate(article, res)) is not None:
                reserved, estimate = True, gate
                engine = self.engine
                if self.base is not None:
                    backend = self.base.for_item(article.id, task, item.index)
                    engine = LLMEngine(backend, self.prompts)
                out = self._run(backend, article, engine)
                text = out.model_dump_json(indent=2)
                res.output, res.status = out, "ok"
                res.files = self._write(item, out, article, text)
                # After the files: a crash here only re-replays.
                self.store.put_result(key, article.id, task, scrub(text, self.secret))
        except Deferred:
            res.status, res.reason = "waiting", "waiting for the Batch API; run 'summarizer batch collect DIR' later"
        except Aborted as exc:
            res.status, res.reason = "skipped", str(exc)
        except AuthError as exc:
            self.auth_error = self.auth_error or exc
            self.stop.set()
            res.status, res.reason = "failed", str(exc)
        except DiskFullError as exc:
            self._full(exc)
            res.status, res.reason = "failed", str(exc)
        except OutputValidationError as exc:
            res.status, res.reason = "failed", str(exc)
            if backend is not None:
                backend.forget_replies()  # replaying them would fail the same way on every rerun
        except SummarizerError as exc:
            res.status, res.reason = "failed", str(exc)
        except Exception as exc:  # one broken article must not end a nightly run
            res.status, res.reason = "failed", f"internal error: {exc.__class__.__name__}: {exc}"
        finally:
            if backend is not None:  # failed items cost money too
                st = backend.stats
                res.calls, res.replayed = st.calls, st.replayed
                res.input_tokens, res.output_tokens = st.input_tokens, st.output_tokens
                res.cost_usd = cost_usd(st.input_tokens, st.output_tokens, self.prices)
                if self.batch_priced:  # replies that came from the Batch API, at its price
                    res.input_tokens += st.replayed_input_tokens
                    res.output_tokens += st.replayed_output_tokens
                    res.cost_usd += cost_usd(st.replayed_input_tokens, st.replayed_output_tokens, self.prices,
                                             batch_api=True)  # fmt: skip
            if reserved:
                self.budget.settle(estimate, res.cost_usd)
        res.duration_s = time.perf_counter() - t0
        res.reason = scrub(res.reason, self.secret) if res.reason else res.reason
        self.store.set_item(self.run_id, item.index, res.status, reason=res.reason, article_id=res.article_id,
                            calls=res.calls)  # fmt: skip
        return res

    def _run(self, backend: LimitedBackend | None, article: Article, engine: Engine) -> Any:
        """pipeline.run; with a Batch API hook, every map request of a long article is recorded first."""
        if backend is not None and backend.on_miss is not None:
            for messages, kwargs in map_requests(self.opts.task, article, self.settings, backend, self.prompts):
                with contextlib.suppress(Deferred):
                    backend.complete(messages, **kwargs)
        return run(self.opts.task, article, engine, self.settings)

    def _gate(self, article: Article, res: ItemResult) -> float | None:
        """Reserve this item's estimated cost under --max-cost: the estimate, or None (item skipped)."""
        if self.opts.max_cost is None or self.base is None:
            return 0.0
        plan = plan_calls(self.opts.task, article, self.settings, self.base, self.prompts)
        estimate = plan.cost(self.prices, batch_api=self.opts.via == "batch-api")
        if not self.budget.reserve(estimate):
            res.status = "skipped"
            res.reason = f"--max-cost ${self.opts.max_cost:.2f} would be passed (this article: ~${estimate:.4f})"
            return None
        return estimate


def make_limited(
    backend: Backend, opts: BatchOptions, store: Store, run_id: int, *, limiter: Limiter | None = None,
    secret: str | None = None, halt: threading.Event | None = None,
) -> tuple[LimitedBackend, int]:  # fmt: skip
    """Wrap ``backend`` for a run: (wrapper, concurrency). llama.cpp (max_concurrency 1) forces 1."""
    conc = 1 if backend.max_concurrency == 1 else opts.concurrency
    limiter = limiter or Limiter(rpm=opts.rpm, tpm=opts.tpm)
    attach_http_hooks(backend, limiter)
    wrapped = LimitedBackend(
        backend, limiter, slots=threading.Semaphore(conc), store=store, run_id=run_id,
        log_content=opts.log_content, use_cache=not opts.force, max_concurrency=conc, secret=secret, abort=halt,
    )  # fmt: skip
    return wrapped, conc


def run_key(items: Sequence[Item], opts: BatchOptions, cfg: str) -> str:
    """Identity of a run: same inputs, task, settings and DIR -> the same run (so it can be resumed)."""
    blob = [opts.task, opts.via, cfg, str(Path(opts.out_dir).resolve()), [i.source for i in items]]
    return hashlib.sha256(json.dumps(blob).encode()).hexdigest()


def settings_spec(settings: Settings) -> dict[str, Any]:
    """The settings of a run as stored in the state file: every field but the API key."""
    return settings.model_dump(exclude={"api_key"})


def run_batch(
    items: Sequence[Item],
    settings: Settings,
    opts: BatchOptions,
    *,
    backend: Backend | None = None,
    on_item: Callable[[ItemResult], None] | None = None,
    stop: threading.Event | None = None,
    abort: threading.Event | None = None,
    limiter: Limiter | None = None,
    inputs: Sequence[str] = (),
    defer: MissHook | None = None,
    on_lock_wait: Callable[[str], None] | None = None,
) -> BatchOutcome:
    """Run every item (``backend`` overrides the one ``settings`` name, for tests); write DIR's files.

    ``stop`` (first Ctrl-C) lets in-flight items finish; ``abort`` (second Ctrl-C) returns at once with the
    in-flight items recorded as interrupted. ``defer`` (Batch API) sees each request with no stored reply and
    may raise ``Deferred``. Raises AuthError on a rejected key and DiskFullError on a full disk, after
    writing whatever of the report can be written.
    """
    opts.validate()
    out_dir = prepare_out_dir(opts)
    stop = stop or threading.Event()
    with RunLock(out_dir).acquire(wait=opts.wait, on_wait=on_lock_wait, give_up=stop):
        sweep_temp_files(out_dir)  # a killed run's half-written temp files: nobody else writes here while we hold DIR
        return _run_locked(items, settings, opts, out_dir, backend=backend, on_item=on_item,
                           stop=stop, abort=abort or threading.Event(), limiter=limiter,
                           inputs=inputs, defer=defer)  # fmt: skip


def prepare_out_dir(opts: BatchOptions) -> Path:
    """Create --out (ConfigError when it cannot be: a file, no permission)."""
    out_dir = Path(opts.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"--out {out_dir} cannot be created ({exc.strerror}): choose another folder") from None
    return out_dir


def _run_locked(
    items: Sequence[Item], settings: Settings, opts: BatchOptions, out_dir: Path, *, backend: Backend | None,
    on_item: Callable[[ItemResult], None] | None, stop: threading.Event, abort: threading.Event,
    limiter: Limiter | None, inputs: Sequence[str], defer: MissHook | None,
) -> BatchOutcome:  # fmt: skip
    from summarizer.backends import make_backend

    started = time.perf_counter()
    prompts = PromptSet(settings.prompts_dir)
    cfg = config_key(opts.task, settings, prompts)
    prices = prices_for(settings.effective_model, opts.price_in, opts.price_out)
    halt = threading.Event()  # no new LLM request: a rejected key or a second Ctrl-C
    with Store(opts.state_path) as store:
        spec = {"settings": settings_spec(settings), "options": asdict(opts), "inputs": list(inputs)}
        run_id, resumed = store.open_run(run_key(items, opts, cfg), opts.task, str(out_dir), opts.via,
                                         json.loads(json.dumps(spec, default=str)))  # fmt: skip
        prior = {r.idx: r.status for r in store.items(run_id)} if resumed else {}
        store.upsert_items(run_id, [(i.index, i.source, i.name) for i in items])
        _, before_in, before_out = store.run_totals(run_id)
        base: LimitedBackend | None = None
        engine: Engine = ExtractiveEngine()
        conc = opts.concurrency
        if settings.backend != "extractive" or backend is not None:
            base, conc = make_limited(backend or make_backend(settings), opts, store, run_id, limiter=limiter,
                                      secret=settings.api_key, halt=halt)  # fmt: skip
            if defer is not None:
                # Every request of every chunk must be seen in one pass, so fan the map step out fully.
                base.on_miss, base.max_concurrency = defer, 64
            engine = LLMEngine(base, prompts)
        run_settings = settings.replace(concurrency=64 if defer is not None else conc)
        runner = _Run(run_settings, opts, store, engine, base, prompts, cfg, run_id, prior, stop, prices,
                      secret=settings.api_key, spent_before=cost_usd(before_in, before_out, prices))  # fmt: skip
        runner.batch_priced = opts.via == "batch-api"
        results: list[ItemResult | None] = [None] * len(items)
        drive(items, runner.process, conc, results, on_item, stop, abort, halt)
        reason = "interrupted while in flight (second Ctrl-C); run the same command again"
        if not abort.is_set():
            reason = (
                "not started: the API key was rejected" if runner.auth_error
                else "not started: the disk is full" if runner.disk_full
                else "interrupted before it started"
            )  # fmt: skip
        final = [
            r or ItemResult(i.index, i.source, i.name, "skipped", reason) for i, r in zip(items, results, strict=True)
        ]
        if abort.is_set():
            with contextlib.suppress(SummarizerError):
                for i, r in zip(items, results, strict=True):
                    if r is None:
                        store.set_item(run_id, i.index, "interrupted", reason=reason)
        report = BatchReport(
            run_id=run_id, resumed=resumed, task=opts.task, via=opts.via, backend=settings.backend,
            model=settings.effective_model if settings.backend != "extractive" else None,
            throttled=base.limiter.throttled if base else 0, max_cost_usd=opts.max_cost,
            stopped_by_cost=runner.budget.stopped, interrupted=stop.is_set() or abort.is_set(),
            started_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        )  # fmt: skip
        report = tally(report, final)
        report.duration_s = round(time.perf_counter() - started, 3)
        if opts.via == "direct":  # Batch API replies are not in the call log: that run reports per command
            totals = store.run_totals(run_id)
            report = with_run_totals(report, totals, cost_usd(totals[1], totals[2], prices))
        failed = write_run_files(out_dir, report, final, secret=settings.api_key)
        status = "interrupted" if report.interrupted else "submitted" if report.waiting else "done"
        if runner.disk_full is not None or failed:
            needed = _space_needed(runner, final)
            raise disk_full(out_dir / (failed[0] if failed else "outputs"), needed)
        if runner.auth_error is not None:
            store.finish_run(run_id, "interrupted", report.model_dump())
            raise runner.auth_error
        store.finish_run(run_id, status, report.model_dump())
    return BatchOutcome(report, final)


def _space_needed(runner: _Run, final: Sequence[ItemResult]) -> int:
    """Bytes the rest of the run needs: per finished item, its outputs and its share of the state file."""
    done = [r for r in final if r.status in ("ok", "cached")]
    left = len(final) - len(done)
    state = 0
    for suffix in ("", "-wal", "-shm"):  # the write-ahead log holds most of a young state file
        with contextlib.suppress(OSError):
            state += Path(f"{runner.opts.state_path}{suffix}").stat().st_size
    per_item = (sum(runner.written) + state) // max(1, len(done)) if done else 64_000
    return per_item * left + 256_000  # SQLite needs a few free pages for its journal whatever the outputs
