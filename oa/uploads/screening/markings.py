"""Finding 密级 markings as GB/T 9704-2012 writes them — and only those.

The rules are one table (RULES) with a version (DETECTOR_VERSION, stored on every UploadRecord):
bump the version whenever a rule or the normalisation changes.

Normalisation first: NFKC (full-width ：★（ and digits), format characters removed (zero-width
space/joiners U+200B–U+200D, U+2060, U+FEFF, bidi controls, soft hyphen, variation selectors),
NBSP, U+3000 and other spaces made plain spaces, traditional forms (機密 絕密 祕密 密級) mapped to
simplified. Runs split across XML elements were already joined into lines by the extractors;
whitespace inside a line is then removed entirely (`机 密 ★ 1 年` → `机密★1年`).

What counts as a marking:
- `机密★1年`, `秘密★6个月`, `绝密★长期`, `机密★` — a level followed by ★ anywhere (also across
  the lines of one part, so a marking broken by a line break is still found);
- `密级：机密`, `密级:秘密`, `密级 绝密` (a table cell 密级 next to a cell 机密);
- a bare 绝密/机密/秘密 (optionally with a period or brackets) alone on a line in the header area:
  the first lines of a body or page, page headers/footers, text boxes, the first cell of a
  table, document properties and the file name;
- in a file name, a level standing as a word of its own — at the start, the end or between
  separators (space, - _ . 、 : | + # and dashes) or brackets: `机密-关于….docx`, `【秘密】….pdf`,
  `[绝密]…`, `（机密）…`, `秘密_…`, `机密 …`, `关于…的请示（秘密）.docx`.
What does not: 保密工作, 商业秘密, 工作秘密, 个人秘密, 秘密武器, 非密, 内部, "机密文件管理制度" in
running text, "密级分为绝密、机密、秘密三级". A bare level alone on a line further down the body,
or a marking quoted in running text (“机密★1年” in a training text), is sent to review instead.
"""

from __future__ import annotations

import bisect
import re
import sys
import unicodedata
from dataclasses import dataclass

from oa.uploads.screening.collectors import Segment

DETECTOR_VERSION = "2026.2"

BLOCK = "blocked"
REVIEW = "review"

LEVEL = "(?:绝密|机密|秘密)"
STAR = "[★☆✩✪✫✬✭✮✯✰⋆*]"
PERIOD = r"(?:\d{1,3}(?:年|个月|月|天|日)|长期|永久)"
# 商业秘密, 工作秘密 … name categories that are not state secrets.
NOT_STATE_SECRET = "(?<!商业)(?<!工作)(?<!个人)(?<!技术)(?<!经营)(?<!企业)(?<!公司)"
OPEN = "[\\[【(〔<《「『]?"
CLOSE = "[\\]】)〕>》」』]?"
QUOTES_BEFORE = "“\"'‘「『"
QUOTES_AFTER = "”\"'’」』"


@dataclass(frozen=True)
class Rule:
    code: str
    pattern: re.Pattern
    scope: str  # "segment": anywhere in a part; "header": a whole header-area line; "body": a whole line elsewhere
    severity: str
    message: str  # {where} and {mark}


BARE = re.compile(f"^{OPEN}({LEVEL}{PERIOD}?){CLOSE}$")
NAME_BOUNDARY = r"[\s\-_~·•.。、,;:|/\\+#=—–‐‑‒―\[\]【】()〔〕〖〗{}<>《》「」『』]"  # between the words of a name
NAME_WORD = re.compile(f"(?:^|{NAME_BOUNDARY})({LEVEL}{PERIOD}?)(?=$|{NAME_BOUNDARY})")

RULES: tuple[Rule, ...] = (
    Rule("level-star", re.compile(f"{NOT_STATE_SECRET}({LEVEL}{STAR}{PERIOD}?)"), "segment", BLOCK,
         "{where}中有密级标志“{mark}”"),
    Rule("level-field", re.compile(f"(?:密级|保密等级|保密级别):?{OPEN}({LEVEL})(?![、,/和或及与])"), "segment", BLOCK,
         "{where}中标注了“密级：{mark}”"),
    Rule("bare-header", BARE, "header", BLOCK, "{where}中单独一行写有密级“{mark}”"),
    Rule("bare-body", BARE, "body", REVIEW, "{where}中单独一行写有“{mark}”，需保密员确认是否为密级标志"),
    Rule("name-word", NAME_WORD, "name", BLOCK, "{where}中标有密级“{mark}”"),
)

TRADITIONAL = str.maketrans({"機": "机", "絕": "绝", "祕": "秘", "級": "级", "長": "长", "個": "个"})


def _invisible_class() -> str:
    """Every format character (category Cf) plus variation selectors, the combining grapheme
    joiner and the Hangul fillers, which render as nothing."""
    points = [cp for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) == "Cf"]
    points += [0x034F, 0x115F, 0x1160, 0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]
    ranges, start, prev = [], None, None
    for cp in sorted(set(points)):
        if start is None:
            start = prev = cp
        elif cp == prev + 1:
            prev = cp
        else:
            ranges.append((start, prev))
            start = prev = cp
    ranges.append((start, prev))
    return "[" + "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]"


INVISIBLE = re.compile(_invisible_class())
SPACES = re.compile(r"[^\S\n]+")  # any whitespace but the line separator


def normalise(text: str) -> str:
    """Normalised text, line structure kept; spaces (NBSP, U+3000 …) become single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(TRADITIONAL)
    text = INVISIBLE.sub("", text)
    return SPACES.sub(" ", text.replace("\u2028", " ").replace("\u2029", " ").replace("\x85", " "))


def compact(text: str) -> str:
    """Normalised, with every space removed but the line breaks."""
    return SPACES.sub("", normalise(text))


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    where: str
    mark: str

    @property
    def reason(self) -> str:
        rule = next(r for r in RULES if r.code == self.rule)
        message = rule.message.format(where=self.where, mark=self.mark)
        if self.severity == REVIEW and rule.severity == BLOCK:
            message += "（位于引号内，疑似引用，需保密员确认）"
        return message


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and text[start - 1] in QUOTES_BEFORE and text[end] in QUOTES_AFTER


MARGIN = 16  # compacted characters: more than any rule's match, its look-behind and a quote reach from a 密


def _windows(count: int, marked: list[int], length) -> list[tuple[int, int]]:
    """Ranges of lines (first, last) around the lines with a 密, each reaching MARGIN compacted characters
    further on both sides (or to the segment's ends); ranges that meet are merged."""
    windows: list[list[int]] = []
    for i in marked:
        first, room = i, 0
        while first > 0 and room < MARGIN:
            first -= 1
            room += length(first)
        last, room = i, 0
        while last < count - 1 and room < MARGIN:
            last += 1
            room += length(last)
        if windows and first <= windows[-1][1] + 1:
            windows[-1][1] = max(windows[-1][1], last)
        else:
            windows.append([first, last])
    return [(first, last) for first, last in windows]


def find_in_segment(segment: Segment) -> list[Finding]:
    # Every marking contains 密, and no other code point normalises to 密: a cheap first test.
    marked = [i for i, line in enumerate(segment.lines) if "密" in line.text]
    if not marked:
        return []
    # The segment rules also need neighbouring lines (a marking broken across lines). Every match holds a
    # 密 and reaches less than MARGIN characters from it, so only the lines around each 密 are normalised
    # and searched: a 33 MB body with a few 保密/密切 costs its 密 lines, not a normalisation of all its text.
    # Normalising line by line equals normalising the joined lines (NFKC does not compose across a line break).
    compacted: dict[int, str] = {}

    def text(i: int) -> str:
        if i not in compacted:
            compacted[i] = compact(segment.lines[i].text.replace("\n", " "))
        return compacted[i]

    windows = _windows(len(segment.lines), marked, lambda i: len(text(i)))
    joined_windows = []
    for first, last in windows:
        starts, position = [], 0
        for i in range(first, last + 1):
            starts.append(position)
            position += len(text(i))
        joined_windows.append((first, starts, "".join(text(i) for i in range(first, last + 1))))
    findings: list[Finding] = []
    for rule in RULES:
        if rule.scope != "segment":
            continue
        for first, starts, joined in joined_windows:
            for match in rule.pattern.finditer(joined):
                line = segment.lines[first + bisect.bisect_right(starts, match.start()) - 1]
                severity = rule.severity
                if _quoted(joined, match.start(), match.end()) and not line.header:
                    severity = REVIEW
                findings.append(Finding(rule.code, severity, line.where, match.group(1)))
    for i in marked:
        line, compact_text = segment.lines[i], text(i)
        if len(compact_text) > 12 or "密" not in compact_text:
            continue
        match = BARE.match(compact_text)
        if match:
            rule = RULES[2] if line.header else RULES[3]
            findings.append(Finding(rule.code, rule.severity, line.where, match.group(1)))
    return findings


def find_markings(segments: list[Segment]) -> list[Finding]:
    found: list[Finding] = []
    seen = set()
    for segment in segments:
        for finding in find_in_segment(segment):
            key = (finding.rule, finding.where, finding.mark, finding.severity)
            if key not in seen:
                seen.add(key)
                found.append(finding)
    return found


def name_markings(stem: str) -> list[Finding]:
    """The blocking markings of a file name (without its extension): those of a header line, and a
    level standing as a word of its own (NAME_WORD)."""
    segment = Segment("文件名")
    if stem.strip():
        segment.add(stem, header=True)
    found = [f for f in find_markings([segment]) if f.severity == BLOCK]
    rule = next(r for r in RULES if r.scope == "name")
    for match in rule.pattern.finditer(normalise(stem)):
        if not any(f.mark == match.group(1) for f in found):
            found.append(Finding(rule.code, BLOCK, segment.location, match.group(1)))
    return found


def text_segments(fields: dict[str, str]) -> list[Segment]:
    """Typed text (a title, a body …): each field is a segment whose first lines are its header."""
    segments = []
    for label, value in fields.items():
        segment = Segment(label)
        for n, piece in enumerate(line for line in (value or "").splitlines() if line.strip()):
            segment.add(piece, header=n < 5)
        segments.append(segment)
    return segments
