"""The body format of an official document (正文).

Plain text, one paragraph per line; blank lines are ignored. GB/T 9704 numbers the structure
of the text with four heading levels, and a line that starts with one of these prefixes is a
heading:

    一、…      level 1 (黑体)        (any Chinese numeral followed by 、)
    （一）…    level 2 (楷体)
    1. / 1．…  level 3 (仿宋)
    （1）…     level 4 (仿宋)

A heading may run into its paragraph, as official texts often do: "（一）加强领导。各单位要…" —
the part up to the first 。 is the heading (`Block.head`), the rest is ordinary text
(`Block.tail`). Consecutive lines that start and end with `|` form a table; cells are split on `|`.
Full-width brackets are canonical; half-width ones are accepted on input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING_PATTERNS = (
    (1, re.compile(r"^[一二三四五六七八九十百零〇]{1,4}、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,3}[.．](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,3}[）)]")),
)
TABLE_SEPARATOR = re.compile(r"^[\s|:：\-—]+$")  # a Markdown-style |---|---| line


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    level: int = 0
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def head(self) -> str:
        """The heading words of a run-in heading ("（一）加强领导。"), or the whole heading line."""
        if self.kind != "heading":
            return ""
        stop = self.text.find("。")
        if 0 <= stop < len(self.text) - 1:
            return self.text[: stop + 1]
        return self.text

    @property
    def tail(self) -> str:
        """The ordinary text that follows a run-in heading, if any."""
        return self.text[len(self.head):] if self.kind == "heading" else ""

    @property
    def keeps_with_next(self) -> bool:
        """A heading on a line of its own ("三、工作要求") never ends a page; a heading line that is a
        whole sentence ("（一）人员密集场所消防安全。") is text and may. Both renderers ask this."""
        return self.kind == "heading" and not self.tail and not self.head.rstrip().endswith(("。", "；", "！", "？"))

    @property
    def columns(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def heading_level(line: str) -> int:
    """1–4 if the line starts with a heading number, else 0."""
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(line):
            return level
    return 0


def is_table_line(line: str) -> bool:
    return len(line) >= 2 and line.startswith("|") and line.endswith("|")


def split_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line[1:-1].split("|")]


def parse_body(text: str) -> list[Block]:
    blocks: list[Block] = []
    table: Block | None = None
    for raw in (text or "").splitlines():
        line = raw.strip().replace("\t", " ")
        if not line:
            continue  # a blank line ends nothing: tables end at the first non-table line
        if is_table_line(line):
            if TABLE_SEPARATOR.match(line) and table is not None:
                continue
            if table is None:
                table = Block(kind="table")
                blocks.append(table)
            table.rows.append(split_cells(line))
            continue
        table = None
        level = heading_level(line)
        if level:
            blocks.append(Block(kind="heading", level=level, text=line))
        else:
            blocks.append(Block(kind="paragraph", text=line))
    return blocks


def cell_text(value: str) -> str:
    """A table cell as one line that cannot break the table syntax."""
    return " ".join((value or "").split()).replace("|", "｜")


def blocks_to_text(blocks: list[Block]) -> str:
    """The inverse of parse_body: parse_body(blocks_to_text(blocks)) == blocks for parsed blocks."""
    lines: list[str] = []
    for block in blocks:
        if block.kind == "table":
            lines.extend("|" + "|".join(cell_text(cell) for cell in row) + "|" for row in block.rows)
        else:
            lines.append(" ".join(block.text.splitlines()).strip())
    return "\n".join(lines)
