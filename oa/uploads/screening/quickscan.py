"""The quick pass over a story part (a DOCX body, header, footnotes …) that cannot hold a marking.

Screening a text-heavy 10 MB DOCX spent most of its time not in expat but in the Python callbacks
StoryCollector receives for every element (~770,000 starts and ends for 33 MB of
WordprocessingML). The callbacks only matter when the part can produce something:

- a marking: every rule (markings.RULES) matches a 密, no other code point normalises to 密, and a
  part that is UTF-8 without character references (`&#…;`) spells every 密 as the bytes E5 AF 86;
- a dangerous field code: only `instrText` elements and the `instr` of `fldSimple` carry one;
- "the document has text" (Inspection.text_found): one `<…:t>` element with visible text proves it.

So the part is streamed once through expat with no element handlers (the same parser settings, so
a DOCTYPE, an entity or broken XML refuses it exactly as before) while its bytes are scanned for
TRIGGERS. If a trigger turns up, the encoding is not UTF-8, or no `<…:t>` with visible text is
seen, the caller parses the part again with its collector: the verdict is always the collector's,
the quick pass only says when that walk cannot find anything.
"""

from __future__ import annotations

import re
import zipfile

from oa.uploads.screening.xmlsafe import CHUNK, validate_chunks

# Bytes that send a part to the full walk: 密 in UTF-8, a character reference (could spell 密),
# field codes, and comments/CDATA/DOCTYPE (`<!`: a `<w:t>` inside a comment is not text).
TRIGGERS = ((None, b"\xe5\xaf\x86"),  # 密 first: `story_part_kind` reads on past it
            (b"&", b"&#"), (None, b"instrText"), (None, b"fldSimple"), (b"!", b"<!"),
            (b"?", b"<?"))  # (a rarer byte of the trigger, the trigger)
OVERLAP = 16  # longer than any trigger: a trigger split across two chunks is still seen
TEXT_WINDOW = 4096  # a <…:t> run split across chunks is looked for again with this much of the last chunk
DECLARATION = re.compile(rb"^(?:\xef\xbb\xbf)?<\?xml[^>]*\?>")
ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# A start tag whose local name is t or delText (quoted attribute values may hold ">"), then its text.
TEXT_RUN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?(?:t|delText)(?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*>([^<]+)<")


def _utf8_declared(head: bytes) -> tuple[bool, int]:
    """(the part is UTF-8, where the bytes after the XML declaration start)."""
    if head.startswith((b"\xfe\xff", b"\xff\xfe")) or b"\x00" in head[:4]:
        return False, 0
    declaration = DECLARATION.match(head)
    if declaration is None:
        return not head.startswith(b"<?"), 0
    encoding = ENCODING.search(declaration.group(0))
    return encoding is None or encoding.group(1).lower() in (b"utf-8", b"utf8"), declaration.end()


MI = b"\xe5\xaf\x86"


def _triggered(window: bytes) -> bool:
    # a single byte is found at memchr speed: the two-byte triggers are looked for only after their rare byte
    return any((rare is None or rare in window) and trigger in window for rare, trigger in TRIGGERS[1:])


def _visible(run: bytes) -> bool:
    try:
        return bool(run.decode("utf-8").strip())
    except UnicodeDecodeError:
        return False


QUIET, PLAIN_MI, WALK = "quiet", "plain-mi", "walk"


def quiet_story_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """True when the part is well-formed, safe, and provably has visible text but no marking and no
    field code: its collector's walk can be skipped (it would add text_found=True and nothing else).
    False: parse it with the collector. Raises xmlsafe.UnsafeXML/BadXML like the full parse."""
    return story_part_kind(archive, info) == QUIET


def story_part_kind(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """QUIET (as `quiet_story_part`), PLAIN_MI — well-formed, safe, UTF-8, and the only trigger in the
    whole part is 密 (no character reference, field code, comment, CDATA, processing instruction or
    DOCTYPE): its story tags can be read by `fastwalk` instead of expat — or WALK: the collector's walk."""
    with archive.open(info) as stream:
        chunks = iter(lambda: stream.read(CHUNK), b"")
        first = next(chunks, b"")
        utf8, start = _utf8_declared(first[:512])
        if not utf8:
            return WALK
        state = {"text": False, "quiet": True, "mi": False, "tail": b"", "previous": b""}

        def look(chunk: bytes, offset: int = 0) -> bool:
            window = state["tail"] + chunk[offset:]
            if _triggered(window):
                state["quiet"] = False
                return False
            if not state["mi"] and MI in window:
                state["mi"] = True
            if not state["text"]:
                searched = state["previous"][-TEXT_WINDOW:] + chunk[offset:]
                state["text"] = any(_visible(match.group(1)) for match in TEXT_RUN.finditer(searched))
            state["tail"] = chunk[-OVERLAP:]
            state["previous"] = chunk
            return True

        def watched():
            if look(first, start):
                yield first
                for chunk in chunks:
                    if not look(chunk):
                        return
                    yield chunk

        complete = validate_chunks(watched(), lambda: not state["quiet"])
    if not (complete and state["quiet"]):
        return WALK
    if state["mi"]:
        return PLAIN_MI
    return QUIET if state["text"] else WALK
