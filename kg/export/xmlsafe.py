"""Text and ids that XML 1.0 and the graph schemas accept, whatever the data holds.

Two problems, one module, because both writers (GraphML, GEXF) share them:

- XML 1.0 cannot carry most C0 control characters at all, not even as `&#11;`: a vertical
  tab or a NUL in a name made files that no parser would open. `xml_text` replaces each
  with its visible Unicode "control picture" (U+240B for a vertical tab, U+2400 for NUL),
  so a reader sees that something was there and which character it was (a surrogate or
  U+FFFE/U+FFFF is written as its escape, `\ud800`: kg.characters.picture). Tab, newline and
  carriage return are legal and kept (ElementTree escapes them inside attributes).
- GraphML types every id (node, edge, graph, key, port) as xs:NMTOKEN: letters, digits and
  `_-.:` only, no space, no `>`. `nmtoken` keeps ASCII letters, digits, `_`, `-` and `:`
  and writes any other character as `.HEX.` (its code point), so ids stay readable
  (`actor:sergei-lavrov` and `label_ru` are unchanged), stable (they depend only on the
  name) and distinct (`.` itself is always escaped, so two different names never give
  the same token).
"""

from __future__ import annotations

import re

from kg.characters import picture

# Characters XML 1.0 forbids (§2.2 Char): C0 controls other than tab, LF and CR, the
# surrogates, and U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# What this module keeps as is in an NMTOKEN: ASCII letters, digits, `_`, `-` and `:`.
# (XML allows more, but a token that is pure ASCII reads the same in every tool.)
_NOT_TOKEN = re.compile(r"[^A-Za-z0-9_:\-]")


def xml_text(value: object) -> str:
    """`str(value)` with the characters XML 1.0 cannot hold made visible."""
    return _NOT_XML.sub(picture, str(value))


def nmtoken(value: object) -> str:
    """A valid, readable, injective xs:NMTOKEN for `value`: `a b>` -> `a.20.b.3E.`."""
    token = _NOT_TOKEN.sub(lambda m: f".{ord(m.group()):X}.", str(value))
    return token or "."  # an NMTOKEN has at least one character; "." escapes to ".2E."


__all__ = ["xml_text", "nmtoken"]
