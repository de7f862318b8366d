"""find_in_segment looks only at the lines around each 密 (markings.MARGIN): on random segments built from
the pieces markings are made of, it finds exactly what a search over the whole segment finds."""

import bisect
import random

from oa.uploads.screening import markings
from oa.uploads.screening.collectors import Segment
from oa.uploads.screening.markings import BARE, REVIEW, RULES, Finding, compact, find_in_segment

PIECES = ["机", "密", "秘", "绝", "★", "*", "1年", "6个月", "长期", "商业", "工作", "保密等级", "密级", "：", ":", "【",
          "】", "“", "”", "、", " ", "\u3000", "\u200b", "機", "各单位", "要", "切", "的通知", "。", "\n", "2"]


def whole_segment(segment: Segment) -> list[Finding]:
    """The search as it was before the windows: the whole segment normalised and searched at once."""
    if not any("密" in line.text for line in segment.lines):
        return []
    compacted = compact("\n".join(line.text.replace("\n", " ") for line in segment.lines)).split("\n")
    findings, starts, position = [], [], 0
    for text in compacted:
        starts.append(position)
        position += len(text)
    joined = "".join(compacted)
    for rule in RULES:
        if rule.scope != "segment":
            continue
        for match in rule.pattern.finditer(joined):
            line = segment.lines[bisect.bisect_right(starts, match.start()) - 1]
            severity = rule.severity
            if markings._quoted(joined, match.start(), match.end()) and not line.header:
                severity = REVIEW
            findings.append(Finding(rule.code, severity, line.where, match.group(1)))
    for line, text in zip(segment.lines, compacted, strict=True):
        if len(text) <= 12 and "密" in text and (match := BARE.match(text)):
            rule = RULES[2] if line.header else RULES[3]
            findings.append(Finding(rule.code, rule.severity, line.where, match.group(1)))
    return findings


def test_the_windows_find_what_the_whole_segment_search_finds():
    rng = random.Random(20)
    found = 0
    for _ in range(3000):
        segment = Segment("正文")
        for i in range(rng.randint(1, 40)):
            text = "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 1, 1, 2, 8]))) or "\u200b"
            segment.add(text, header=i < 5, where=f"第{i}行")
        expected = whole_segment(segment)
        assert find_in_segment(segment) == expected, [line.text for line in segment.lines]
        found += bool(expected)
    assert found > 100  # the random segments do hold markings


def test_a_long_segment_with_far_apart_marks():
    segment = Segment("正文")
    for i in range(2000):
        segment.add("各单位要密切配合。" if i % 300 == 0 else "各单位要高度重视，切实做好工作。", header=i < 5)
    segment.add("韶关市机", header=False)
    segment.add("\u200b", header=False)
    segment.add("密★1年", header=False)
    assert find_in_segment(segment) == whole_segment(segment) != []


def test_the_look_behind_reaches_over_short_lines():
    segment = Segment("正文")
    for piece in ("商", "业", "秘", "密★", "1", "年"):
        segment.add(piece, header=False)
    assert find_in_segment(segment) == whole_segment(segment) == []
