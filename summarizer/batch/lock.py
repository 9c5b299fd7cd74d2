"""One run at a time per output folder: an exclusive lock on DIR/.summarizer.lock naming its holder.

The lock is ``flock`` on the open lock file, so the kernel drops it the moment the holder dies (SIGKILL,
power cut of a container): a stale lock is taken over simply by locking it again. The file's content
(pid, start time, host, command) only tells the operator who holds it. Where ``flock`` is not supported
(some network filesystems) the lock falls back to creating the file exclusively and judging a leftover
file stale when its pid is gone or now belongs to a process that started at another time.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from summarizer.errors import ConfigError
from summarizer.files import disk_full, is_disk_full

LOCK_FILE = ".summarizer.lock"
_NO_FLOCK = {errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS}


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as written in the lock file."""

    pid: int
    started: float  # wall-clock start of the holding run
    host: str = ""
    proc_start: str | None = None  # the pid's start tick (Linux), to tell a reused pid apart

    def describe(self) -> str:
        """'pid 123 on host, started 2026-12-02 15:40:01 UTC'."""
        when = datetime.fromtimestamp(self.started).astimezone().strftime("%Y-%m-%d %H:%M:%S %Z")
        where = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        return f"pid {self.pid}{where}, started {when}"


def process_start(pid: int) -> str | None:
    """The start time of ``pid`` in clock ticks since boot (Linux /proc), None elsewhere or when gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Field 22, counted after the parenthesised command name (which may itself contain spaces).
    return stat.rsplit(")", 1)[-1].split()[19]


def _alive(holder: Holder) -> bool:
    if holder.host and holder.host != socket.gethostname():
        return True  # cannot check another machine: assume it is alive
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    # A pid that now belongs to a process started at another time is a reused pid: the holder is gone.
    return holder.proc_start is None or process_start(holder.pid) in (None, holder.proc_start)


def _read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
        return Holder(int(data["pid"]), float(data["started"]), str(data.get("host", "")), data.get("proc_start"))
    except (OSError, ValueError, TypeError, KeyError):
        return None


class RunLock:
    """Exclusive lock on an output folder; ``acquire`` raises ConfigError (exit 2) naming the holder."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.path = Path(folder) / LOCK_FILE
        self._fh: IO[str] | None = None
        self._exclusive_file = False
        self.took_over: Holder | None = None  # a dead holder's leftover lock that we replaced

    def _me(self) -> str:
        me = {"pid": os.getpid(), "started": time.time(), "host": socket.gethostname(),
              "proc_start": process_start(os.getpid()), "argv": sys.argv[:8]}  # fmt: skip
        return json.dumps(me) + "\n"

    def acquire(
        self,
        *,
        wait: bool = False,
        poll_s: float = 0.5,
        on_wait: Callable[[str], None] | None = None,
        give_up: threading.Event | None = None,
    ) -> RunLock:
        """Take the lock, or raise ConfigError; with ``wait``, block until the holder finishes (or ``give_up``)."""
        told = False
        while True:
            holder = self._try()
            if holder is None:
                return self
            busy = f"another summarizer batch ({holder.describe() if holder.pid else 'pid unknown'}) is using "
            busy += str(self.path.parent)
            if not wait:
                raise ConfigError(f"{busy}: wait for it to finish, or pass --wait to queue behind it")
            if give_up is not None and give_up.is_set():
                raise ConfigError(f"{busy}: stopped waiting for it (Ctrl-C); nothing was done")
            if on_wait is not None and not told:
                on_wait(busy)
                told = True
            if give_up is not None:
                give_up.wait(poll_s)  # a Ctrl-C while queued ends the wait at once
            else:
                time.sleep(poll_s)

    def _try(self) -> Holder | None:
        """None when we now hold the lock, else the holder (pid 0 when unknown)."""
        try:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the lock's lifetime
        except OSError as exc:
            if is_disk_full(exc):
                raise disk_full(self.path, 4096) from None
            raise ConfigError(f"cannot create the lock file {self.path} ({exc.strerror}): check --out") from None
        try:
            import fcntl

            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            fh.close()
            return self._try_exclusive()
        except OSError as exc:
            fh.close()
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return _read_holder(self.path) or Holder(0, 0.0)
            if exc.errno in _NO_FLOCK:
                return self._try_exclusive()
            raise ConfigError(f"cannot lock {self.path} ({exc.strerror}): check --out") from None
        previous = _read_holder(self.path)
        if previous is not None and previous.pid != os.getpid():
            self.took_over = previous  # its process is gone: the kernel released its lock
        self._fh = fh  # held from here on, even if naming ourselves fails: the lock itself is what matters
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(self._me())
            fh.flush()
        except OSError as exc:
            self.release()
            if is_disk_full(exc):
                raise disk_full(self.path, 4096) from None
            raise ConfigError(f"cannot write the lock file {self.path} ({exc.strerror}): check --out") from None
        return None

    def _try_exclusive(self) -> Holder | None:
        """Fallback without flock: create the file exclusively; replace it when its holder is gone."""
        for _ in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = _read_holder(self.path)
                if holder is not None and _alive(holder):
                    return holder
                if holder is None and time.time() - self._mtime() < 5:
                    return Holder(0, 0.0)  # being written right now
                # Stale: rename it away atomically so two takers cannot both remove and recreate it.
                stale = self.path.with_name(f"{LOCK_FILE}.stale.{os.getpid()}")
                with contextlib.suppress(FileNotFoundError):
                    os.rename(self.path, stale)
                    self.took_over = holder
                    os.unlink(stale)
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self._me())
            self._exclusive_file = True
            return None
        return _read_holder(self.path) or Holder(0, 0.0)

    def _mtime(self) -> float:
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    def release(self) -> None:
        """Give the lock up (the file stays, empty, so its mode and place are stable)."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                self._fh.seek(0)
                self._fh.truncate()
                self._fh.flush()
            with contextlib.suppress(OSError):  # a full disk may fail the final flush; the descriptor closes anyway
                self._fh.close()  # closing the descriptor drops the flock
            self._fh = None
        if self._exclusive_file:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            self._exclusive_file = False

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.release()
