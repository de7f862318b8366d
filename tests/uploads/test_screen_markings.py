"""Markings in every location and disguise are blocked in DOCX, PDF, OFD (and XLSX, TXT, file
names); documents that merely talk about secrecy pass. Pure screening: no database."""

import pytest

from oa.uploads.screening.markings import compact, find_markings, text_segments
from tests.uploads import corpus as c
from tests.uploads.screening import blocked as _blocked
from tests.uploads.screening import screen

# GB/T 9704 markings and the ways they get disguised.
DISGUISES = {
    "plain": "机密★1年",
    "six-months": "秘密★6个月",
    "long-term": "绝密★长期",
    "star-only": "机密★",
    "full-width": "机密★１年",
    "full-width-field": "密级：机密",
    "half-width-field": "密级:秘密",
    "nbsp": "机\u00a0密★1年",
    "ideographic-space": "机\u3000密\u3000★\u30001年",
    "zero-width": "机\u200b密\u200c★\u200d1\u2060年\ufeff",
    "traditional": "機密★1年",
    "traditional-top": "絕密★長期",
    "traditional-field": "密級：祕密",
    "white-star": "秘密☆1年",
}
ORDINARY = [
    "关于进一步加强保密工作的通知",
    "各单位要切实做好保密工作，严禁将涉密文件上网。",
    "依法保护商业秘密和工作秘密，不得泄露个人秘密。",
    "创新是企业发展的秘密武器。",
    "本文件密级：非密。",
    "内部",
    "非密",
    "请各单位认真学习《机密文件管理制度》并抓好落实。",
    "国家秘密的密级分为绝密、机密、秘密三级。",
    "涉密人员应当遵守机密、秘密级文件的管理规定。",
    "密级：绝密、机密、秘密三级文件一律不得上网。",
]


def _accepted(result):
    assert result.verdict == "accepted", result.reasons


# --- DOCX: every location ----------------------------------------------------------------------------
DOCX_LOCATIONS = {
    "body-first-line": (lambda m: c.docx(c.p(m) + c.p("关于做好试运行工作的通知")), "正文"),
    "body-split-runs": (lambda m: c.docx(c.p(*list(m)) + c.p("通知")), "正文"),
    "header": (lambda m: c.docx(header=c.p(m)), "页眉"),
    "footer": (lambda m: c.docx(footer=c.p(m)), "页脚"),
    "text-box": (lambda m: c.docx(c.p("通知") + c.textbox(c.p(m))), "文本框"),
    "table-first-cell": (lambda m: c.docx(c.table([[m, "份号"], ["甲", "乙"]]) + c.p("通知")), "表格"),
    "footnote": (lambda m: c.docx(footnotes=c.p(m)), "脚注"),
    "endnote": (lambda m: c.docx(endnotes=c.p(m)), "尾注"),
    "comment": (lambda m: c.docx(comments=c.p(m)), "批注"),
    "tracked-insertion": (lambda m: c.docx(c.p("通知") + c.inserted(m)), "修订插入"),
    "core-properties": (lambda m: c.docx(core={"dc:title": m}), "文档属性"),
    "custom-properties": (lambda m: c.docx(custom={"备注": m}), "自定义属性"),
}


@pytest.mark.parametrize("location", DOCX_LOCATIONS)
@pytest.mark.parametrize("disguise", ["plain", "full-width", "zero-width", "traditional", "ideographic-space"])
def test_docx_marking_is_blocked_in_every_location_and_disguise(location, disguise):
    build, where = DOCX_LOCATIONS[location]
    _blocked(screen(name="通知.docx", content=build(DISGUISES[disguise])), where, "机密")


@pytest.mark.parametrize("disguise", DISGUISES)
def test_docx_every_disguise_in_the_body_is_blocked(disguise):
    _blocked(screen(name="通知.docx", content=c.docx(c.p("000001") + c.p(DISGUISES[disguise]) + c.p("特急"))))


def test_marking_split_across_runs_and_zero_width_characters_is_joined():
    content = c.docx(c.p("机", "\u200b", "密", "★", "１", "年") + c.p("韶府办〔2026〕1号"))
    _blocked(screen(name="a.docx", content=content), "机密★1年")


def test_bare_level_alone_in_the_header_area_is_blocked():
    _blocked(screen(name="a.docx", content=c.docx(c.p("000001") + c.p("秘  密") + c.p("特急") + c.p("关于……的通知"))),
             "单独一行", "秘密")


def test_custom_property_named_classification_is_blocked():
    _blocked(screen(name="a.docx", content=c.docx(custom={"密级": "机密"})), "自定义属性", "密级：机密")


def test_word_watermark_is_blocked():
    header = c.p(xml='<w:r><w:pict><v:shape><v:textpath string="机密"/></v:shape></w:pict></w:r>')
    _blocked(screen(name="a.docx", content=c.docx(header=header)), "页眉", "机密")


def test_strict_ooxml_namespace_does_not_hide_the_text():
    body = c.p("机密★1年").replace("<w:p>", "<x:p>").replace("</w:p>", "</x:p>").replace("w:r>", "x:r>").replace("w:t ", "x:t ").replace("</w:t>", "</x:t>")
    document = ('<?xml version="1.0"?><x:document xmlns:x="http://purl.oclc.org/ooxml/wordprocessingml/main">'
                f"<x:body>{body}</x:body></x:document>")
    _blocked(screen(name="a.docx", content=c.docx(document_xml=document)), "机密★1年")


def test_tracked_deletion_still_in_the_file_is_blocked():
    deleted = '<w:p><w:del w:id="2" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>机密★1年</w:delText></w:r></w:del></w:p>'
    _blocked(screen(name="a.docx", content=c.docx(c.p("通知") + deleted)), "修订删除")


def test_marking_deep_in_the_body_is_blocked_but_a_bare_word_there_goes_to_review():
    lines = "".join(c.p(f"第{n}段正文内容。") for n in range(10))
    _blocked(screen(name="a.docx", content=c.docx(lines + c.p("本件为机密★1年"))))
    result = screen(name="a.docx", content=c.docx(lines + c.p("机密")))
    assert result.verdict == "review" and "需保密员确认" in result.reasons[0]


def test_quoted_marking_in_running_text_goes_to_review_not_block():
    lines = "".join(c.p(f"第{n}段。") for n in range(6))
    result = screen(name="培训.docx", content=c.docx(lines + c.p("密级和保密期限标注为“机密★1年”的格式。")))
    assert result.verdict == "review", result


def test_file_name_marking_is_blocked():
    _blocked(screen(name="机密★1年 关于某事项的请示.docx", content=c.docx()), "文件名")
    _blocked(screen(name="秘密.txt", content="普通文字".encode()), "文件名")


@pytest.mark.parametrize("sentence", ORDINARY)
def test_ordinary_prose_about_secrecy_passes_in_docx(sentence):
    _accepted(screen(name="关于加强保密工作的通知.docx",
                     content=c.docx(c.p(sentence) + c.p("各单位：") + c.p(sentence), header=c.p("内部"),
                                    core={"dc:title": "关于加强保密工作的通知"}, custom={"密级": "非密"})))


def test_ordinary_government_notice_with_every_part_passes():
    content = c.docx(
        c.p("000001") + c.p("非密") + c.p("特急") + c.p("关于加强保密工作和商业秘密保护的通知")
        + c.table([["密级", "非密"], ["份数", "30"]]) + c.textbox(c.p("内部"))
        + c.inserted("工作秘密不属于国家秘密，但同样不得上网。") + "".join(c.p(s) for s in ORDINARY),
        header=c.p("韶关市人民政府办公室"), footer=c.p("— 1 —"), footnotes=c.p("注：秘密武器是比喻。"),
        comments=c.p("请核对商业秘密表述"), core={"dc:title": "保密工作通知", "cp:keywords": "保密 工作秘密"},
    )
    _accepted(screen(name="通知.docx", content=content))


# --- XLSX ----------------------------------------------------------------------------------------
def test_xlsx_marking_in_cells_and_header_is_blocked():
    _blocked(screen(name="a.xlsx", content=c.xlsx([["机密★1年"], ["数据"]])), "工作表")
    _blocked(screen(name="a.xlsx", content=c.xlsx([["密级", "秘密"]], shared_only=False)), "密级：秘密")
    _blocked(screen(name="a.xlsx", content=c.xlsx([["数据"]], header_footer="&C机密")), "页眉页脚")
    _accepted(screen(name="a.xlsx", content=c.xlsx([["文件名称", "密级"], ["关于加强保密工作的通知", "非密"]])))


# --- OFD -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("disguise", ["plain", "full-width", "zero-width", "traditional", "full-width-field", "long-term"])
def test_ofd_marking_on_the_page_is_blocked(disguise):
    page = [(28, 37, "000001"), (28, 45, DISGUISES[disguise]), (60, 90, "韶关市人民政府文件")]
    _blocked(screen(name="a.ofd", content=c.ofd([page])), "第1页")


def test_ofd_marking_split_into_one_text_code_per_glyph_is_joined():
    glyphs = [(28 + 5.6 * n, 45, ch) for n, ch in enumerate("机密★1年")]
    _blocked(screen(name="a.ofd", content=c.ofd([[(60, 90, "通知"), *glyphs]])), "机密★1年")


def test_ofd_marking_in_template_page_and_metadata_is_blocked():
    _blocked(screen(name="a.ofd", content=c.ofd([[(28, 45, "通知")]], template=[(28, 20, "秘密★6个月")])), "模板页")
    _blocked(screen(name="a.ofd", content=c.ofd([[(28, 45, "通知")]], title="机密")), "文档属性")


def test_ofd_later_page_marking_is_blocked_and_ordinary_ofd_passes():
    pages = [[(28, 45, "第一页")], [(28, 45, "机密★1年"), (28, 60, "正文")]]
    _blocked(screen(name="a.ofd", content=c.ofd(pages)), "第2页")
    _accepted(screen(name="a.ofd", content=c.ofd([[(28, 30 + 8 * n, s) for n, s in enumerate(ORDINARY)]])))


def test_ofd_page_with_only_a_scanned_image_goes_to_review():
    result = screen(name="a.ofd", content=c.ofd([[]], page_images=1))
    assert result.verdict == "review" and "没有文字层" in result.reasons[0]


# --- PDF -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pdfs():
    page_break = '<p style="break-before: page">'
    return {
        "first-line": c.pdf_text("000001", "机密★1年", "特急", "关于某事项的通知"),
        "full-width": c.pdf_text("机密★１年", "通知"),
        "traditional": c.pdf_text("絕密★長期", "通知"),
        "field": c.pdf_text("密级：秘密", "通知"),
        "bare-header": c.pdf_text("000001", "秘密", "关于某事项的通知"),
        "zero-width": c.pdf_text("机\u200b密\u2060★1年", "通知"),
        "page-header": c.pdf_from_html("<style>@page { @top-left { content: '秘密★6个月' } }</style><p>通知正文</p>"),
        "later-page": c.pdf_from_html(f"<p>第一页</p>{page_break}机密★1年</p><p>正文</p>"),
        "title-metadata": c.pdf_text("通知正文", title="机密★1年"),
        "ordinary": c.pdf_text(*ORDINARY, title="关于加强保密工作的通知"),
    }


@pytest.mark.parametrize("case", ["first-line", "full-width", "traditional", "field", "bare-header", "zero-width",
                                  "page-header", "later-page", "title-metadata"])
def test_pdf_marking_is_blocked(pdfs, case):
    _blocked(screen(name="a.pdf", content=pdfs[case]))


def test_ordinary_pdf_passes(pdfs):
    _accepted(screen(name="关于加强保密工作的通知.pdf", content=pdfs["ordinary"]))


def test_pdf_without_text_layer_goes_to_review():
    result = screen(name="扫描件.pdf", content=c.pdf_image_only())
    assert result.verdict == "review" and "文字层" in result.reasons[0] and result.text_found is False


# --- TXT and images --------------------------------------------------------------------------------
def test_txt_in_utf8_and_gb18030():
    _blocked(screen(name="a.txt", content="机密★1年\n正文".encode("gb18030")))
    _blocked(screen(name="a.txt", content="\ufeff密级：秘密\n正文".encode()))
    _accepted(screen(name="a.txt", content="\n".join(ORDINARY).encode("gb18030")))


def test_images_go_to_review_unless_their_metadata_carries_a_marking():
    result = screen(name="截图.png", content=c.png())
    assert result.verdict == "review" and result.detected_type == "png"
    _blocked(screen(name="截图.png", content=c.png(text={"Title": "机密★1年"})), "图片说明信息")


# --- the rules themselves ----------------------------------------------------------------------------
def test_normalisation():
    assert compact("機\u200b密\u3000★\uff11年") == "机密★1年"
    assert compact("密級：祕密") == "密级:秘密"


def test_typed_text_rules_block_markings_and_pass_prose():
    assert find_markings(text_segments({"标题": "机密★1年 关于某事项的请示"}))
    assert find_markings(text_segments({"标题": "秘密"}))
    assert not find_markings(text_segments({"标题": "关于加强保密工作的通知", "正文": "\n".join(ORDINARY)}))
