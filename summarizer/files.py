"""Files we write: atomic writes that keep the file's mode, output-path checks, disk-full errors, key scrubbing."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

from summarizer.errors import ConfigError, SummarizerError

_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}
# Vendor prefixes a key may be quoted without ("sk-proj-abc..." echoed as "proj-abc..." or "abc...").
_KEY_PREFIX = re.compile(r"^(?:sk-)?(?:(?:proj|svcacct|admin|ant|live|test)-)?")
MIN_SECRET = 8  # shorter fragments would blank out ordinary words
_OUR_TEMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # atomic_write's mkstemp names: .NAME.XXXXXXXX.tmp


class DiskFullError(SummarizerError):
    """A write failed because the disk (or quota) is full; the fix is space, then the same command again."""

    exit_code = 1


def disk_full(path: str | os.PathLike[str], needed_bytes: int | None = None) -> DiskFullError:
    """The one-line DiskFullError for a failed write to ``path``: what is full and how much more is needed."""
    target = Path(path)
    folder = target if target.is_dir() else target.parent
    try:
        free = shutil.disk_usage(folder).free
        have = f"{_mb(free)} free"
    except OSError:
        have = "free space unknown"
    need = f"; about {_mb(needed_bytes)} more is needed" if needed_bytes else ""
    return DiskFullError(
        f"the disk holding {folder} is full ({have}{need}) while writing {target.name}: free some space "
        "and run the same command again (finished work is kept)"
    )


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def is_disk_full(exc: BaseException) -> bool:
    """True for ENOSPC/EDQUOT and SQLite's 'database or disk is full'."""
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    return "disk is full" in str(exc) or "SQLITE_FULL" in str(exc)


def secret_forms(secret: str | None) -> list[str]:
    """The ways ``secret`` may be quoted back: whole, and without its ``sk-`` / ``sk-proj-`` style prefix."""
    if not secret:
        return []
    forms = {secret.strip(), _KEY_PREFIX.sub("", secret.strip()), secret.strip().removeprefix("sk-")}
    return sorted((f for f in forms if len(f) >= MIN_SECRET), key=len, reverse=True)


def scrub(text: str, secret: str | None) -> str:
    """``text`` with every form of ``secret`` replaced by ``***``."""
    for form in secret_forms(secret):
        if form in text:
            text = text.replace(form, "***")
    return text


def check_target(path: str | os.PathLike[str]) -> None:
    """Raise ConfigError (exit 2) unless ``path`` can be written as a file: run this before any paid call."""
    target = Path(path)
    if target.is_dir():
        raise ConfigError(f"-o {target} is a folder: give a file name, e.g. -o {target / 'brief.json'}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ConfigError(f"cannot write {target}: folder {folder} does not exist; create it or choose another -o")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"cannot write {target}: folder {folder} is not writable; choose another -o")
    if target.exists() and not os.access(target, os.W_OK):
        raise ConfigError(f"cannot write {target}: the file is read-only; choose another -o")


def current_umask() -> int:
    """The process umask, read without changing it where /proc allows."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)  # no /proc: the only portable way to read it is to set it
    os.umask(mask)
    return mask


def sweep_temp_files(folder: str | os.PathLike[str]) -> int:
    """Remove what atomic writes cut short by a kill left in ``folder``; call only while no writer can be live."""
    removed = 0
    for tmp in Path(folder).glob(".*.tmp"):
        if not _OUR_TEMP.match(tmp.name):
            continue  # someone else's file: not ours to remove
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the whole new one, never half.

    The new file gets the old file's mode, or the umask's default for a new file (mkstemp alone makes 0600).
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ConfigError(f"cannot write {target}: it is a folder; give a file name")
    if not folder.is_dir():
        raise ConfigError(f"cannot write {target}: folder {folder} does not exist; create it or choose another -o")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mode = 0o666 & ~current_umask()
    data = text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        if is_disk_full(exc):
            raise disk_full(target, len(data)) from None
        raise
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and is_disk_full(exc):
            raise disk_full(target, len(data)) from None
        raise
