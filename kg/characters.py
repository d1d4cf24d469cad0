"""Characters that inputs may not contain, and how output shows characters it cannot trust.

Inputs (the registry, annotations, article texts) may hold any Unicode text except:
control characters other than tab and line ends (they break XML exports, and in a
terminal they change titles or clear the screen), unpaired surrogates (a YAML escape such
as "\\ud800" makes one; it is not a character and cannot be written as UTF-8) and the
noncharacters U+FFFE and U+FFFF (not allowed in XML).

Output for people (tables, error messages) shows such characters instead of sending them:
C0 controls and DEL as their Unicode Control Pictures (ESC as ␛, NUL as ␀, DEL as ␡),
everything else that has no picture as a Python-style escape (\\x9b, \\ud800).
"""

from __future__ import annotations

import re
import unicodedata

ALLOWED_CONTROLS = "\t\n\r"  # a tab, and line ends: LF, CRLF or a lone CR

# The C0 controls' names: unicodedata has none for them (their "name" is an alias).
_C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION",
    "ENQUIRY", "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED",
    "LINE TABULATION", "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN",
    "DATA LINK ESCAPE", "DEVICE CONTROL ONE", "DEVICE CONTROL TWO", "DEVICE CONTROL THREE",
    "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE", "SYNCHRONOUS IDLE",
    "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "FILE SEPARATOR", "GROUP SEPARATOR", "RECORD SEPARATOR", "UNIT SEPARATOR",
)
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_UNTRUSTED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def forbidden(text: str) -> list[tuple[int, str]]:
    """(index, character) of every character an input may not contain."""
    return [(m.start(), m.group()) for m in _FORBIDDEN.finditer(text)]


def char_name(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE', 'U+001B ESCAPE', 'U+D800 (unpaired surrogate)'."""
    code = ord(char)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DELETE"
    elif 0x80 <= code <= 0x9F:
        name = "(C1 control)"
    elif 0xD800 <= code <= 0xDFFF:
        name = "(unpaired surrogate)"
    else:
        name = unicodedata.name(char, "(noncharacter)" if code in (0xFFFE, 0xFFFF) else "")
    return f"U+{code:04X} {name}".rstrip()


def why_forbidden(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return f"{char_name(char)} is not a character (a \\u escape of half a pair?)"
    if code in (0xFFFE, 0xFFFF):
        return f"{char_name(char)} is not a character"
    return f"control character {char_name(char)}; only tab and line ends are allowed"


def visible(text: str) -> str:
    """`text` with every control character (bar tab and line feed) and surrogate shown,
    so that printing it can never move the cursor, retitle or clear the terminal."""
    return _UNTRUSTED.sub(picture, text)


def picture(match: re.Match) -> str:
    """What to show for one matched character that must not be written as is: its Unicode
    control picture (U+2400 + code for C0, U+2421 for DEL), else its escape (\\x9b, \\ud800).
    Shared by the terminal (`visible`) and the XML exports (kg.export.xmlsafe)."""
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# Characters that take no room on screen (format characters such as U+200B, variation
# selectors, the combining grapheme joiner), and spaces, which all look alike: two names
# that differ only by these look the same, and a suggestion must say where they differ.
def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cf", "Cc") or "\ufe00" <= char <= "\ufe0f" \
        or char == "\u034f"


def _looks(text: str) -> list[str]:
    return [" " if c.isspace() else c for c in text if c.isspace() or not _invisible(c)]


def invisible_difference(written: str, meant: str) -> str:
    """' they differ by U+200B ZERO WIDTH SPACE' when the two strings look the same on
    screen (they differ only by invisible characters or kinds of space), else ''."""
    if written == meant or _looks(written) != _looks(meant):
        return ""
    odd = {c for c in written + meant if (_invisible(c) or c.isspace()) and c != " "}
    return " they differ by " + ", ".join(char_name(c) for c in sorted(odd))


def decode_utf8(raw: bytes, where: str) -> str:
    """`raw` as text (a leading BOM dropped), or KgError naming the line of the first
    byte that is not UTF-8: for input that has no file to re-read, like standard input."""
    from kg.errors import KgError, Problem  # kg.errors imports this module

    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KgError(Problem(where, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at "
                              f"offset {exc.start}); save it as UTF-8")) from None
