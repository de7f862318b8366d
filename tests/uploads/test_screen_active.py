"""The type comes from the bytes and the name together: SVG, HTML, XML with scripts, scripts and RTF
are refused whatever the file is called; a name whose extension says something else than the bytes
is refused, naming both; a 密级 standing as a word of its own in the file name is blocked.
Pure screening: no database."""

import pytest

from tests.uploads import corpus as c
from tests.uploads.screening import blocked, screen

TEXT = "关于做好电子政务应用系统试运行有关工作的通知\n各单位：\n现将有关事项通知如下。".encode()


# --- active content, whatever the name ----------------------------------------------------------------
@pytest.mark.parametrize("name", ["图标.svg", "截图.png", "说明.txt", "没有扩展名"])
def test_svg_is_refused_under_any_name(name):
    for content in (c.SVG_WITH_SCRIPT, c.SVG_PLAIN):
        result = blocked(screen(name=name, content=content), "SVG 图形", "活动内容")
        assert result.detected_type == "svg"


def test_html_page_named_pdf_is_refused_naming_both():
    result = blocked(screen(name="关于做好试运行工作的通知.pdf", content=c.HTML_PAGE), "HTML 网页", "“.pdf”表示PDF 文档",
                      "与内容不符")
    assert result.detected_type == "html"


@pytest.mark.parametrize("content", [
    c.HTML_PAGE,
    b"<p>\xe5\x90\x84\xe5\x8d\x95\xe4\xbd\x8d</p>",  # starts like a tag: what a browser sniffs as HTML
    "通知\n详见<img src=x onerror=alert(1)>附件".encode(),
    "通知\n<a href=\"javascript:alert(1)\">点此</a>".encode(),
    "通知\n<iframe src=//198.51.100.7/></iframe>".encode(),
    "<!DOCTYPE html><html><body>各单位</body></html>".encode("gb18030"),
    b"\xef\xbb\xbf  <HTML><BODY onload=alert(1)>",
], ids=["page", "tag-first", "event-handler", "javascript-url", "iframe", "gb18030", "bom-uppercase"])
@pytest.mark.parametrize("name", ["a.html", "a.txt", "a.pdf", "a.docx", "a"])
def test_html_is_refused_under_any_name(content, name):
    assert blocked(screen(name=name, content=content), "HTML 网页").detected_type == "html"


@pytest.mark.parametrize("content", [c.XML_WITH_SCRIPT, c.XML_STYLESHEET,
                                     b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>',
                                     b'<?xml version="1.0"?><r><x onclick="alert(1)"/></r>'],
                         ids=["xhtml-script", "stylesheet", "doctype", "event-handler"])
def test_xml_with_scripts_is_refused(content):
    for name in ("数据.xml", "数据.txt"):
        assert blocked(screen(name=name, content=content), "含脚本的 XML").detected_type == "xml"


def test_plain_xml_is_text_but_not_under_an_xml_name():
    assert screen(name="名单.txt", content=c.XML_PLAIN).verdict == "accepted"
    blocked(screen(name="名单.xml", content=c.XML_PLAIN), "“.xml”表示XML 文件", "内容是纯文本", "不符")


@pytest.mark.parametrize("content", [
    c.JAVASCRIPT,
    b"var x = document.cookie;",
    b"(function(){ new Image().src = '//x/' })()",
    b"#!/bin/sh\nrm -rf /\n",
    b"<?php system($_GET['c']); ?>",
    b"Set shell = CreateObject(\"WScript.Shell\")\nshell.Run \"calc\"",
    "说明\n执行 eval(atob('YWxlcnQoMSk='))".encode(),
], ids=["javascript", "var", "iife", "shebang", "php", "vbscript", "eval"])
def test_scripts_are_refused(content):
    result = blocked(screen(name="说明.txt", content=content), "脚本程序", "“.txt”表示纯文本")
    assert result.detected_type in ("script", "html")


def test_rtf_is_refused():
    assert blocked(screen(name="通知.rtf", content=c.RTF), "RTF 文档").detected_type == "rtf"
    blocked(screen(name="通知.txt", content=c.RTF), "RTF 文档", "“.txt”")


@pytest.mark.parametrize("name", ["a.js", "a.html", "a.htm", "a.svg", "a.hta", "a.vbs", "a.bat", "a.ps1", "a.exe"])
def test_an_active_extension_on_plain_text_is_refused(name):
    blocked(screen(name=name, content=TEXT), f"“.{name.rpartition('.')[2]}”表示", "内容是纯文本", "不符")


def test_html_embedded_in_a_docx_is_refused():
    content = c.docx(c.p("通知"), extra={"word/embeddings/page.html": c.HTML_PAGE})
    blocked(screen(name="通知.docx", content=content), "嵌入文件“page.html”", "HTML 网页")


def test_text_that_only_uses_angle_brackets_passes():
    for name in ("说明.txt", "名单.csv"):
        result = screen(name=name, content=c.TEXT_WITH_BRACKETS)
        assert result.verdict == "accepted" and result.detected_type == "txt", result


# --- the name's extension against the bytes -----------------------------------------------------------


def test_a_name_that_disagrees_with_the_bytes_is_refused_naming_both(plain_pdf):
    blocked(screen(name="通知.pdf", content=c.docx()), "“.pdf”表示PDF 文档", "内容是Word 文档（DOCX）")
    blocked(screen(name="通知.docx", content=plain_pdf), "“.docx”表示Word 文档（DOCX）", "内容是PDF 文档")
    blocked(screen(name="表.docx", content=c.xlsx([["数据"]])), "“.docx”", "内容是Excel 表格（XLSX）")
    blocked(screen(name="截图.jpg", content=c.png()), "“.jpg”表示JPEG 图片", "内容是PNG 图片")
    blocked(screen(name="通知.abc", content=TEXT), "“.abc”不是允许上传的类型", "内容是纯文本")
    blocked(screen(name="通知.pdf. ", content=TEXT), "“.pdf”表示PDF 文档")  # Windows drops the trailing dot


def test_a_name_that_agrees_or_has_no_extension_passes(plain_pdf):
    for name, content in (("通知.PDF", plain_pdf), ("通知", plain_pdf), ("名单.CSV", TEXT), ("通知.txt", TEXT),
                          ("通知.docx", c.docx()), ("表.xlsx", c.xlsx([["数据"]])), ("版式.ofd", c.ofd([[(28, 45, "通知")]]))):
        assert screen(name=name, content=content).verdict == "accepted", name
    assert screen(name="截图.jpeg", content=b"\xff\xd8\xff\xe0" + b"\0" * 64 + b"\xff\xd9").verdict != "blocked"


# --- 密级 in the file name ------------------------------------------------------------------------------
@pytest.mark.parametrize("name", [
    "机密-关于某事项的请示.docx", "【秘密】关于某事项的通知.txt", "[绝密]会议纪要.txt", "（机密）关于某事项的请示.txt",
    "秘密_关于某事项.txt", "机密 关于某事项的请示.txt", "关于某事项的请示（秘密）.txt", "2026-机密-请示.txt",
    "機密－关于某事项.txt", "〔秘密★1年〕关于某事项.txt", "机密1年_请示.txt",
])
def test_a_level_standing_as_a_word_of_the_file_name_isblocked(name):
    content = c.docx() if name.endswith(".docx") else TEXT
    blocked(screen(name=name, content=content), "文件名中", "涉密文件")


@pytest.mark.parametrize("name", ["机密文件管理制度学习心得.txt", "关于保守国家秘密的通知.txt", "商业秘密保护指南.txt",
                                  "保密工作-2026年要点.txt", "非密-关于某事项.txt"])
def test_a_level_inside_a_word_of_the_file_name_passes(name):
    assert screen(name=name, content=TEXT).verdict == "accepted", name
