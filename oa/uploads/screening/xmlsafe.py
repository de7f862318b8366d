"""Streaming XML with the standard library's expat, refusing DOCTYPE and entity declarations.

No Office or OFD part needs a DTD; a DOCTYPE is how XXE and "billion laughs" attacks start, so
its mere presence refuses the file. Parsing is event-driven (no tree is built), so a 100 MB
document.xml costs callbacks, not memory.
"""

from __future__ import annotations

from functools import lru_cache
from xml.parsers import expat

CHUNK = 1 << 16


class UnsafeXML(Exception):
    """The part declares a DOCTYPE, an entity or a notation."""


class BadXML(Exception):
    """The part is not well-formed XML."""


def _refuse(*args):
    raise UnsafeXML


def _parser(handler=None):
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.NotationDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    if handler is not None:
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
    return parser


def parse(source, handler, *, chunk: int = CHUNK) -> None:
    """Feed `source` (bytes or a binary file object) to expat and call `handler.start(name, attrs)`,
    `handler.end(name)` and `handler.text(data)`. Names are "namespace-uri local" (or "local")."""
    parser = _parser(handler)
    try:
        if isinstance(source, bytes | bytearray | memoryview):
            parser.Parse(bytes(source), True)
            return
        while True:
            data = source.read(chunk)
            if not data:
                break
            parser.Parse(data, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise BadXML from exc


def validate_chunks(chunks, stopped) -> bool:
    """Parse the byte chunks with the same settings as `parse` but no element handlers (C speed: only
    well-formedness, DOCTYPE and entities are checked). When `stopped()` is true after the chunks run
    out, the caller gave up early: the end of the document is not checked and False is returned."""
    parser = _parser()
    try:
        for data in chunks:
            parser.Parse(data, False)
        if stopped():
            return False
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise BadXML from exc
    return True


@lru_cache(maxsize=4096)
def local(name: str) -> str:
    """"uri local" → "local" (cached: a part has few distinct element names, seen millions of times)."""
    return name.rpartition(" ")[2]
