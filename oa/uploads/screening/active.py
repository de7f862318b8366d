"""Active content, and whether the name agrees with the bytes.

A text file is not always harmless text: a browser runs an SVG's or an HTML page's scripts, an
XML processor follows a stylesheet, Windows runs a script by its extension. `active_kind` reads
the decoded text and says which of these it is, whatever the file is called:

- SVG: an `<svg` element, an SVG DOCTYPE or the SVG namespace;
- HTML: an HTML DOCTYPE, `<html>`/`<head>`/`<body>`; a file that starts with a
  tag (what browsers sniff as HTML); anywhere, an element that runs or loads something (`<script>`,
  `<iframe>`, `<object>`, `<embed>`, `<meta>`, `<form>` …), an `on…=` event handler inside a tag,
  a `javascript:`/`vbscript:`/`data:text/html` URL, the XHTML namespace;
- XML with scripts: an XML document (`<?xml`) with any of the above, a stylesheet instruction,
  XSLT, a DOCTYPE or an entity declaration;
- scripts: a `#!` line, PHP/ASP tags, a first line that is a JavaScript/VBScript statement, or
  calls only scripts make (`eval(`, `document.write`, `new ActiveXObject`, `WScript.` …);
- RTF, which embeds OLE objects.

`name_reason` then compares the name's extension with the detected type: each allowed type has
its extensions (EXTENSIONS); a name without an extension is taken as it is. Both say in Chinese
what the name claims and what the bytes are.
"""

from __future__ import annotations

import re

from oa.uploads.screening.kinds import LABELS, FileType

EXTENSIONS = {
    FileType.DOCX: ("docx",),
    FileType.XLSX: ("xlsx",),
    FileType.OFD: ("ofd",),
    FileType.PDF: ("pdf",),
    FileType.PNG: ("png",),
    FileType.JPEG: ("jpg", "jpeg", "jpe", "jfif"),
    FileType.TXT: ("txt", "csv", "tsv", "text", "log"),
}
# Extensions of active content, for saying what a name claims.
ACTIVE_EXTENSIONS = {
    FileType.SVG: ("svg", "svgz"),
    FileType.HTML: ("html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "hta"),
    FileType.XML: ("xml", "xsl", "xslt"),
    FileType.SCRIPT: ("js", "mjs", "cjs", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "bat", "cmd", "sh", "php", "asp",
                      "aspx", "jsp"),
    FileType.RTF: ("rtf",),
}
CLAIMS = {
    **{ext: LABELS[kind] for kind, extensions in (*EXTENSIONS.items(), *ACTIVE_EXTENSIONS.items()) for ext in extensions},
    **dict.fromkeys(ACTIVE_EXTENSIONS[FileType.XML], "XML 文件"),
    **dict.fromkeys(("exe", "dll", "msi", "scr", "com", "jar", "swf", "lnk", "url", "reg"), "可执行程序"),
}

_TAG_END = r"[\s/>]"
SVG = re.compile(rf"<svg{_TAG_END}|<!doctype\s+svg|http://www\.w3\.org/2000/svg")
HTML_DOCUMENT = re.compile(rf"<!doctype\s+html|<(?:html|head|body){_TAG_END}")
ACTIVE_MARKUP = re.compile(
    rf"<(?:script|iframe|frame|frameset|object|embed|applet|meta|base|link|form|math|template|portal){_TAG_END}"
    r"|<[a-z][^<>]*\son[a-z]+\s*=|(?:javascript|vbscript|livescript)\s*:|data:text/html"
    r"|<\?xml-stylesheet|<xsl:|<!entity|<!doctype|http://www\.w3\.org/1999/xhtml"
)
MARKUP_START = re.compile(rf"\s*(?:<!--|<![a-z]|<[a-z][a-z0-9]*{_TAG_END})")
XML_START = re.compile(r"\s*<\?xml[\s?]")
SCRIPT_START = re.compile(
    r"\s*(?:#!|<\?php|<%[\s=@]|@echo\s+off|'use strict'|\"use strict\"|(?:var|let|const)\s+[\w$]+\s*="
    r"|(?:async\s+)?function\s*[\w$]*\s*\(|[(!]\s*function\s*\(|import\s+[\w{*]|export\s+(?:default|function|const)"
    r"|(?:document|window)\.|require\s*\(|set\s+\w+\s*=\s*createobject|dim\s+\w+|option\s+explicit)"
)
SCRIPT_CALLS = re.compile(
    r"<\?php|\beval\s*\(|document\.(?:write|cookie)|new\s+activexobject|\bwscript\.|\bcreateobject\s*\("
    r"|string\.fromcharcode|\bpowershell(?:\.exe)?\s+-"
)
# Cheap substring tests first: SCRIPT_CALLS (\b before a word) is slow on a long text that has none.
SCRIPT_WORDS = ("<?php", "eval", "document.", "activexobject", "wscript.", "createobject", "fromcharcode", "powershell")
COMMENT_LINES = re.compile(r"(?:\s*(?://[^\n]*|/\*.*?\*/|'[^\n]*|rem\s[^\n]*))*", re.DOTALL)


def active_kind(text: str) -> str | None:
    """The active type of a decoded text file (SVG, HTML, XML, SCRIPT, RTF), or None for plain text."""
    lowered = text.lower().lstrip("\ufeff")
    if lowered.lstrip().startswith("{\\rtf"):
        return FileType.RTF
    if SVG.search(lowered):
        return FileType.SVG
    if HTML_DOCUMENT.search(lowered):
        return FileType.HTML
    xml = XML_START.match(lowered) is not None
    if ACTIVE_MARKUP.search(lowered):
        return FileType.XML if xml else FileType.HTML
    if not xml and MARKUP_START.match(lowered):
        return FileType.HTML
    if SCRIPT_START.match(lowered, COMMENT_LINES.match(lowered).end()):
        return FileType.SCRIPT
    if any(word in lowered for word in SCRIPT_WORDS) and SCRIPT_CALLS.search(lowered):
        return FileType.SCRIPT
    return None


def extension(name: str) -> str:
    """The last extension of a file name, lower-cased ("" without one); trailing dots and spaces,
    which Windows drops, are dropped first."""
    base = name.replace("\\", "/").rpartition("/")[2].rstrip(". ")
    return base.rpartition(".")[2].lower() if "." in base else ""


def _claim(ext: str) -> str:
    return f"表示{CLAIMS[ext]}" if ext in CLAIMS else "不是允许上传的类型"


def active_reason(kind: str, name: str) -> str:
    """Why active content is refused; the name's extension too when it claims something else."""
    reason = f"文件内容是{LABELS[kind]}，属于可被浏览器或系统执行的活动内容，不允许上传"
    ext = extension(name)
    if ext and ext not in ACTIVE_EXTENSIONS[kind]:
        reason += f"（文件名的扩展名“.{ext}”{_claim(ext)}，与内容不符）"
    return reason + "。"


def name_reason(name: str, detected: str) -> str | None:
    """Why the name's extension disagrees with the detected (allowed) type, or None if it agrees."""
    ext = extension(name)
    if not ext or detected not in EXTENSIONS or ext in EXTENSIONS[detected]:
        return None
    return (f"文件名的扩展名“.{ext}”{_claim(ext)}，而文件内容是{LABELS[detected]}，两者不符，不能上传。"
            f"请按文件的实际格式（{'、'.join('.' + e for e in EXTENSIONS[detected][:2])}）命名后再上传。")
