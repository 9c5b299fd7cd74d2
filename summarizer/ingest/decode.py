"""Bytes -> text: byte-order marks, binary sniffing, UTF-8 with cp1252 strays, legacy code pages, mojibake repair."""

from __future__ import annotations

import codecs
import re

from summarizer.errors import InputError

# --------------------------------------------------------------------------- bytes -> text

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (or .docx)"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)
_WIDE = ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7"]
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    # Mostly-UTF-8 files with a few stray Windows-1252 bytes: keep the UTF-8 and read the strays as cp1252.
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


codecs.register_error("summarizer-cp1252", _cp1252_fallback)


def decode_bytes(data: bytes, *, name: str = "<input>") -> tuple[str, str, bool]:
    """Decode bytes to text and repair mojibake; returns (text, encoding, repaired). Binary data raises InputError."""
    return decode(data, name=name, declared=None)


def decode(data: bytes, *, name: str, declared: str | None) -> tuple[str, str, bool]:
    text, encoding = _decode_raw(data, name=name, declared=declared)
    if text and len(_CONTROL.findall(text[:200_000])) > 0.05 * min(len(text), 200_000):
        raise InputError(f"{name}: looks like binary data, not text; give a plain-text, Markdown or HTML file")
    fixed, repaired = repair_mojibake(text)
    return fixed, encoding, repaired or encoding == "utf-8+cp1252"


def _decode_raw(data: bytes, *, name: str, declared: str | None) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not valid {enc}") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{name}: is {what}, not text; convert it to text or HTML first")
    if b"\x00" in data:
        wide = _utf16_without_bom(data)
        if wide is None:
            raise InputError(f"{name}: contains NUL bytes (binary data); give a plain-text, Markdown or HTML file")
        return wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    multibyte = sum(1 for ch in loose if ch > "\x7f") - bad
    if multibyte >= bad:  # valid multi-byte UTF-8 hardly ever happens by chance in legacy text
        return data.decode("utf-8", errors="summarizer-cp1252"), "utf-8+cp1252"
    declared = declared or _meta_charset(data)
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass
    return _detect_legacy(data, name)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    # ASCII-range characters put their zero byte on one side only; which side says the byte order.
    if odd >= 0.1 * half and even <= 0.02 * odd:
        enc = "utf-16-le"
    elif even >= 0.1 * half and odd <= 0.02 * even:
        enc = "utf-16-be"
    else:
        return None
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError:
        return None


def _detect_legacy(data: bytes, name: str) -> tuple[str, str]:
    import charset_normalizer

    matches = charset_normalizer.from_bytes(data, cp_exclusion=_WIDE)
    best = matches.best()
    ascii_share = sum(1 for b in data if b < 0x80) / len(data)
    try:
        as_cp1252 = data.decode("cp1252")
    except UnicodeDecodeError:
        as_cp1252 = None
    if as_cp1252 is not None and (best is None or best.coherence < 0.1 or ascii_share > 0.8):
        # Detectors cannot tell Western code pages apart on short texts; cp1252 is by far the commonest.
        same_as_best = best is not None and "cp1252" in (best.could_be_from_charset or [])
        if best is None or same_as_best or best.coherence < 0.1 or best.language in ("Unknown", "English"):
            return as_cp1252, "cp1252"
    if best is None:
        # Nothing fits cleanly: keep whatever is valid UTF-8 and read the rest as cp1252; the binary check follows.
        return data.decode("utf-8", errors="summarizer-cp1252"), "utf-8+cp1252"
    return str(best), best.encoding


def charset_of(content_type: str | None) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def _meta_charset(data: bytes) -> str | None:
    m = re.search(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", data[:4096], re.I)
    return m.group(1).decode("ascii") if m else None


# --------------------------------------------------------------------------- mojibake repair


def _thai_tables() -> tuple[dict[str, int], str, str, str, str, str]:
    """char -> byte for UTF-8 read as Windows-874, with undefined bytes shown as cp1252 or C1 characters."""
    to_byte: dict[str, int] = {}
    foreign = []  # characters genuine Thai text would not put next to Thai letters
    for b in range(0x80, 0x100):
        raw = bytes([b])
        try:
            ch = raw.decode("cp874")
        except UnicodeDecodeError:
            try:
                ch = raw.decode("cp1252")
            except UnicodeDecodeError:
                ch = chr(b)
            foreign.append(ch)
        to_byte[ch] = b
    to_byte.setdefault(chr(0x80), 0x80)
    foreign += ["\u20ac", chr(0x80)]

    def cls(lo: int, hi: int) -> str:
        return "[" + "".join(re.escape(c) for c, v in to_byte.items() if lo <= v <= hi) + "]"

    return to_byte, cls(0xC2, 0xDF), cls(0xE0, 0xEF), cls(0xF0, 0xF4), cls(0x80, 0xBF), "".join(foreign)


_T_BYTE, _L2, _L3, _L4, _C, _FOREIGN = _thai_tables()
# One UTF-8 sequence in Windows-874 clothing; "โ€" alone lost its 0x9D (the right double quote).
_T_ONE = rf"{_L2}{_C}|{_L3}{_C}{{2}}|{_L4}{_C}{{3}}|\u0e42\u20ac(?!{_C})"
_T_SEQ = re.compile(_T_ONE)
_T_RUN = re.compile(rf"(?:{_T_ONE})+")
_T_HINT = re.compile(r"[\u0e01-\u0e5b]")
_FOREIGN_SET = frozenset(_FOREIGN)
_LATIN_OK = (
    (0x00A0, 0x03FF),  # Latin-1, Latin Extended, IPA, diacritics, Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x20CF),  # punctuation, super/subscripts, currency
    (0x2100, 0x27BF),  # letterlike, arrows, maths, shapes, dingbats
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0x1F000, 0x1FAFF),  # emoji
)


def _plausible(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _LATIN_OK)


def _is_thai(ch: str) -> bool:
    return "\u0e00" <= ch <= "\u0e7f"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _thai_fix(m: re.Match[str]) -> str:
    run, text = m.group(0), m.string
    if not any(ch in _FOREIGN_SET for ch in run):
        # Only Thai-repertoire characters (e.g. "รฉ" for é): repair only inside Latin words, never inside Thai.
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        if _is_thai(before) or _is_thai(after) or not (_latin(before) or _latin(after)):
            return run
    out = []
    for seq in _T_SEQ.findall(run):
        raw = bytes(_T_BYTE[c] for c in seq)
        if seq == "\u0e42\u20ac":
            raw += b"\x9d"
        try:
            ch = raw.decode("utf-8")
        except UnicodeDecodeError:
            out.append(seq)
            continue
        out.append(ch if len(ch) == 1 and _plausible(ch) else seq)
    return "".join(out)


def _repair_thai(text: str) -> str:
    if not _T_HINT.search(text):
        return text
    return _T_RUN.sub(_thai_fix, text)


_MOJI_HINT = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 read as Windows-1252 (ftfy) or as Windows-874 (Thai), run by run; returns (text, changed)."""
    fixed = text
    if _MOJI_HINT.search(fixed) or re.search(r"[\x80-\x9f]", fixed):
        import ftfy

        config = ftfy.TextFixerConfig(
            unescape_html=False,
            remove_terminal_escapes=False,
            fix_latin_ligatures=False,
            fix_character_width=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            fix_surrogates=False,
            remove_control_chars=False,
            normalization=None,
            explain=False,
        )
        fixed = ftfy.fix_text(fixed, config)  # ftfy works line by line, so one bad line does not block the rest
    fixed = _repair_thai(fixed)
    return fixed, fixed != text
