"""The collector's walk without a Python call per XML element, for a story part the quick pass vouched for.

A text-heavy DOCX body with a 密 in it (保密, 密切: common in official writing) must be walked by
StoryCollector — its lines, their places and header flags decide every marking rule — and expat calls
Python for each of its ~770,000 elements (1.5 s for a 10 MB DOCX, issue 20). The collector looks at
fewer than one element in five (STORY_TAGS and the elements whose attributes are text); the others,
w:r, w:rPr, w:rFonts, w:sz …, cost a callback each for nothing.

`walk` feeds the same collector the same calls from a regular expression that finds only those
elements. It is exact only for the parts `quickscan.story_part_kind` classed PLAIN_MI, and is used only
for them: expat has already parsed the whole part (well-formed, namespaces bound, no DOCTYPE or entity
declaration, only the five predefined entities) and its bytes hold no character reference, comment,
CDATA section, processing instruction or field code, and it is UTF-8. In such XML every `<` opens a tag,
character data is what lies between tags, and a value differs from expat's only by the five entities
and line-end/attribute normalisation, which `_text` and `_attributes` apply. The collector, not this
module, decides what a line is: there is still one implementation of the reading rules.
"""

from __future__ import annotations

import re
import zipfile

from oa.uploads.screening.collectors import STORY_TAGS, TEXT_ATTRIBUTE_ELEMENTS

READ = 1 << 20
_NAMES = "|".join(sorted(STORY_TAGS | TEXT_ATTRIBUTE_ELEMENTS, key=len, reverse=True))
_ATTRIBUTE = r"""\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*')"""
# an element of interest: end tag mark, local name (any prefix), attributes, self-closing mark — and, when
# only character data follows up to its own end tag (`<w:t>…</w:t>`, the bulk of a body), that data
TAG = re.compile(rf"<(/)?(?P<prefix>[^\s<>/:=\"']+:)?({_NAMES})((?:{_ATTRIBUTE})*)\s*"
                 rf"(?(1)>|(?:(/)>|>(?:([^<]*)</(?P=prefix)?\3\s*>)?))")  # an end tag takes nothing after it
ANY_TAG = re.compile(r"""<[^"'>]*(?:(?:"[^"]*"|'[^']*')[^"'>]*)*>""")
ATTRIBUTE = re.compile(r"""([^\s=<>/]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
ENTITY = re.compile("&(lt|gt|amp|quot|apos);")
ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
LINE_END = re.compile("\r\n?")
ATTRIBUTE_SPACE = re.compile("[\t\n]")


def _unescape(value: str) -> str:
    return ENTITY.sub(lambda m: ENTITIES[m.group(1)], value) if "&" in value else value


def _text(raw: str) -> str:
    """Character data as expat reports it: other elements' tags dropped, line ends made \\n, entities."""
    if "<" in raw:
        raw = ANY_TAG.sub("", raw)
    if "\r" in raw:
        raw = LINE_END.sub("\n", raw)
    return _unescape(raw)


def _attributes(raw: str) -> dict:
    """Attributes as the collector reads them (it looks at local names only; namespace declarations are
    not attributes to expat); values normalised as XML says (line ends and tabs become spaces)."""
    found = {}
    for match in ATTRIBUTE.finditer(raw):
        name = match.group(1)
        if name == "xmlns" or name.startswith("xmlns:"):
            continue
        value = match.group(2) if match.group(2) is not None else match.group(3)
        value = ATTRIBUTE_SPACE.sub(" ", LINE_END.sub("\n", value))
        prefix, _, local_name = name.rpartition(":")
        found[f"{prefix} {local_name}" if prefix else local_name] = _unescape(value)
    return found


def _feed(text: str, collector) -> None:
    position = 0
    for match in TAG.finditer(text):
        if collector.capture or collector.instr:
            between = text[position:match.start()]
            if between:
                collector.text(_text(between))
        position = match.end()
        closing, _prefix, name, attributes, empty, content = match.groups()
        if closing:
            collector.end(name)
            continue
        collector.start(name, _attributes(attributes) if attributes else {})
        if content is not None:  # the element's whole content, then its end tag
            if content and (collector.capture or collector.instr):
                collector.text(_text(content))
            collector.end(name)
        elif empty:
            collector.end(name)
    if (collector.capture or collector.instr) and position < len(text):
        collector.text(_text(text[position:]))


def walk(archive: zipfile.ZipFile, info: zipfile.ZipInfo, collector) -> None:
    """Call `collector.start/end/text` as expat would for the story elements of a PLAIN_MI part. The part
    is read in pieces cut just before a `<` (every `<` opens a tag here; it never splits a UTF-8 character)."""
    carry = b""
    with archive.open(info) as stream:
        for data in iter(lambda: stream.read(READ), b""):
            data = carry + data
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                continue
            carry = data[cut:]
            _feed(data[:cut].decode("utf-8"), collector)
    if carry:
        _feed(carry.decode("utf-8"), collector)
