"""What keeps a hostile shop answer harmless before and while it is parsed.

Three layers, each enough alone for what it covers: the charset of the answer must write its
markup in ASCII (so the byte check below sees what the parser will see: UTF-7 writes `<` as
`+ADw-`), the prolog may not hold a document type declaration (read as bytes, before any
parsing), and the parsers themselves resolve no entities, load no DTD, open no network and keep
libxml2's limits on depth and text size.
"""

import re

from lxml import etree

# Single-byte charsets whose lower half is ASCII, and UTF-8: `<`, `!` and `?` are the bytes the
# prolog check reads. Others (UTF-7, UTF-16, EBCDIC...) are refused; no shop sends them.
_ASCII_COMPATIBLE = re.compile(r"^(utf-8|utf-8-sig|ascii|iso8859-\d+|cp125\d)$")
_PARSER_SETTINGS = {"resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


class Refused(Exception):
    """The answer may not be parsed; `kind` and `detail` as in ShopError."""

    def __init__(self, kind, detail):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def ascii_compatible(codec_name):
    """Whether a (codecs.lookup-normalized) charset writes the markup in ASCII."""
    return bool(_ASCII_COMPATIBLE.match(codec_name))


def document_parser():
    """The parser of answers read whole."""
    return etree.XMLParser(**_PARSER_SETTINGS)


def record_parser(tag):
    """The parser of streamed exports, giving each record element when it ends."""
    return etree.XMLPullParser(events=("end",), tag=tag, **_PARSER_SETTINGS)


class PrologGuard:
    """Refuses a document type declaration, how entity-expansion and external-entity attacks
    start (the shop never sends one). It can only stand in the prolog, before the root element,
    but after any number of comments and processing instructions of any length: the guard reads
    the prolog to its end, across chunks, keeping only the bytes still undecided. Once the root
    element has started it does nothing. It reads bytes: the charsets let through (ascii_compatible)
    write the markup in ASCII."""

    _SPACE = b" \t\r\n"
    _ENDS = {b"<!--": b"-->", b"<?": b"?>"}

    def __init__(self):
        self.done = False
        self.pending = b""  # undecided bytes of the prolog
        self.inside = None  # the end mark of the comment or instruction being skipped
        self.first = True

    def feed(self, chunk):
        if self.done:
            return
        data = self.pending + chunk
        if self.first and len(data) >= 3:
            self.first = False
            data = data.removeprefix(b"\xef\xbb\xbf")
        pos = 0
        while True:
            if self.inside:
                end = data.find(self.inside, pos)
                if end < 0:
                    # Keep only what may be the start of the end mark.
                    self.pending = data[max(pos, len(data) - len(self.inside) + 1) :]
                    return
                pos, self.inside = end + len(self.inside), None
            while pos < len(data) and data[pos] in self._SPACE:
                pos += 1
            if len(data) - pos < 4:
                self.pending = data[pos:]
                return
            for start, end in self._ENDS.items():
                if data.startswith(start, pos):
                    pos, self.inside = pos + len(start), end
                    break
            else:
                if data.startswith(b"<!", pos):
                    if data[pos : pos + 15].lower() in (b"<!doctype html>", b"<!doctype html "):
                        raise Refused("web_page", "<!DOCTYPE html>")
                    raise Refused("hostile", "document type declaration")
                # The root element (or text, which the parser refuses): the prolog is over.
                self.done = True
                self.pending = b""
                return
