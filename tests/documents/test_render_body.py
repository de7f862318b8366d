"""The body format: one paragraph per line, four heading levels, |tables|."""

from documents.body import Block, blocks_to_text, heading_level, parse_body
from documents.rendering.layout import cn_date, column_percentages, organ_mark_pt, title_lines


def test_each_heading_prefix_gives_its_level():
    blocks = parse_body("一、总体要求\n（一）加强领导\n1.成立小组\n1．明确分工\n（1）培训对象\n(2)半角括号\n十二、其他")
    assert [(b.kind, b.level) for b in blocks] == [
        ("heading", 1), ("heading", 2), ("heading", 3), ("heading", 3), ("heading", 4), ("heading", 4), ("heading", 1),
    ]


def test_ordinary_lines_are_paragraphs_and_blank_lines_are_ignored():
    blocks = parse_body("\n  各单位要高度重视。  \n\n\n2026年11月3日前报送。\n1.5亿元用于建设。\n")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "各单位要高度重视。"), ("paragraph", "2026年11月3日前报送。"), ("paragraph", "1.5亿元用于建设。"),
    ]


def test_consecutive_pipe_lines_form_one_table():
    blocks = parse_body("如下表：\n|单位|联系人|\n|---|---|\n| 市府办 | 张三 |\n|经贸局|李四|\n表后说明。")
    assert [b.kind for b in blocks] == ["paragraph", "table", "paragraph"]
    assert blocks[1].rows == [["单位", "联系人"], ["市府办", "张三"], ["经贸局", "李四"]]
    assert blocks[1].columns == 2


def test_a_blank_line_between_pipe_lines_does_not_split_the_table():
    assert len([b for b in parse_body("|a|b|\n\n|c|d|") if b.kind == "table"]) == 1


def test_run_in_heading_splits_head_and_tail():
    block = parse_body("（一）加强领导。各单位要成立工作小组。")[0]
    assert (block.head, block.tail) == ("（一）加强领导。", "各单位要成立工作小组。")
    alone = parse_body("一、总体要求")[0]
    assert (alone.head, alone.tail) == ("一、总体要求", "")
    ends_with_stop = parse_body("（二）严格保密。")[0]
    assert (ends_with_stop.head, ends_with_stop.tail) == ("（二）严格保密。", "")


def test_blocks_to_text_is_the_inverse_of_parse_body():
    text = "一、总体要求\n（一）加强领导。各单位要高度重视。\n|单位|联系人|\n|市府办|张三|\n1.成立小组\n（1）培训\n正文段落。"
    blocks = parse_body(text)
    assert blocks_to_text(blocks) == text
    assert parse_body(blocks_to_text(blocks)) == blocks


def test_blocks_to_text_keeps_cells_from_breaking_the_table_syntax():
    text = blocks_to_text([Block(kind="table", rows=[["a|b", "多\n行"]])])
    assert text == "|a｜b|多 行|"
    assert parse_body(text)[0].rows == [["a｜b", "多 行"]]


def test_heading_level_needs_the_separator():
    assert heading_level("一、") == 1
    assert heading_level("一是加强领导") == 0
    assert heading_level("2026年") == 0


def test_dates_have_no_leading_zeros():
    import datetime

    assert cn_date(datetime.date(2026, 11, 3)) == "2026年11月3日"
    assert cn_date(datetime.date(2026, 1, 9)) == "2026年1月9日"
    assert cn_date(None) == ""


def test_long_titles_break_at_word_boundaries_in_a_trapezoid():
    assert title_lines("关于加强公文处理工作的通知") == ["关于加强公文处理工作的通知"]
    lines = title_lines("关于做好我市电子政务应用系统试运行有关工作的通知")
    assert lines == ["关于做好我市电子政务应用系统", "试运行有关工作的通知"]
    long = title_lines("关于印发《韶关市电子政务应用系统试运行工作方案》的通知")
    assert all(len(line) <= 20 for line in long)
    assert not any(line.endswith("《") or line.startswith("》") for line in long)


def test_organ_mark_size_shrinks_for_long_names():
    assert organ_mark_pt("韶关市经济贸易局文件") == 36
    assert 22 <= organ_mark_pt("韶关市人民政府办公室关于印发文件") < 36
    assert organ_mark_pt("很" * 30) < 22


def test_column_widths_follow_the_longest_cell():
    widths = column_percentages([["单位", "试运行内容说明很长很长"], ["市府办", "公文"]])
    assert len(widths) == 2 and widths[1] > widths[0] and abs(sum(widths) - 100) < 0.1


def test_only_a_heading_on_a_line_of_its_own_keeps_with_the_next_line():
    blocks = parse_body("三、工作要求\n（一）人员密集场所消防安全。\n（二）加强领导。各单位要重视。\n请按时报送。")
    assert [b.keeps_with_next for b in blocks] == [True, False, False, False]


def test_the_docx_never_leaves_the_signature_alone_on_a_page(personas, draft):
    import io

    import docx

    from documents.rendering.docx import render_docx

    document = draft(body="一、总体要求\n各单位要高度重视。\n二、工作要求\n请按时报送。")
    paragraphs = docx.Document(io.BytesIO(render_docx(document))).paragraphs
    texts = [p.text for p in paragraphs]
    last_text = texts.index("请按时报送。")
    assert paragraphs[texts.index("二、工作要求")].paragraph_format.keep_with_next
    assert paragraphs[last_text].paragraph_format.keep_with_next  # goes with the signature block
    assert not paragraphs[texts.index("各单位要高度重视。")].paragraph_format.keep_with_next
