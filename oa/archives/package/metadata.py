"""metadata.xml: the 件's description in the elements of DA/T 46-2009 文书类电子文件元数据方案.

Element names are the standard's Chinese names, nested as its 文件实体元数据 groups them (来源, 档号,
内容描述, 形式特征, 存储位置, 电子属性, 电子签名) plus 业务实体 for the approval trail; DA/T 48-2009 (the EEP
封装) writes its XML the same way. Values follow DA/T 22-2015: 日期 as YYYYMMDD, 密级 非密 (nothing
classified is ever on this system), 保管期限 永久 / 定期30年 / 定期10年. What the standard has and this
file does not fill (目录号, 馆编件号, 缩微号 …) is listed in docs/archiving.md.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from oa.uploads.screening.xmlsafe import BadXML, UnsafeXML, validate_chunks

SCHEME = "DA/T 46-2009"
ROOT = "文书类电子文件元数据"
RETENTIONS = ("永久", "定期30年", "定期10年")
NOT_CLASSIFIED = "非密"
# Elements that must be present and not empty (path below the root); 文件编号 and 保密期限 must be present
# but may be empty (a 件 without a 文号; 非密 has no period).
REQUIRED = (
    "文件实体/聚合层次", "文件实体/来源/全宗名称", "文件实体/来源/立档单位名称", "文件实体/电子文件号",
    "文件实体/档号/全宗号", "文件实体/档号/年度", "文件实体/档号/保管期限", "文件实体/档号/机构或问题",
    "文件实体/档号/室编件号", "文件实体/档号/档号",
    "文件实体/内容描述/题名", "文件实体/内容描述/责任者", "文件实体/内容描述/日期", "文件实体/内容描述/文种",
    "文件实体/内容描述/密级",
    "文件实体/形式特征/文件组合类型", "文件实体/形式特征/件数", "文件实体/形式特征/页数",
    "文件实体/形式特征/语种", "文件实体/形式特征/稿本",
)
PRESENT = ("文件实体/内容描述/文件编号", "文件实体/内容描述/保密期限")


@dataclass(frozen=True)
class ItemMetadata:
    """What the filing side knows about one 件 (oa.archives' ArchiveItem fills it)."""

    fonds: str  # 全宗号
    fonds_name: str  # 全宗名称 (the organ)
    year: int  # 年度
    retention: str  # 保管期限
    organisation: str  # 机构或问题
    item_number: int  # 件号
    archival_code: str  # 档号
    record_id: str  # 电子文件号: the system's own identifier of the document
    title: str  # 题名
    responsible: str  # 责任者
    date: str  # 日期, YYYYMMDD
    kind: str  # 文种
    pages: int  # 页数 of the archived PDF
    doc_number: str = ""  # 文件编号 (发文字号 / 来文字号)
    urgency: str = ""  # 紧急程度
    main_to: str = ""  # 主送
    copy_to: str = ""  # 抄送
    category: str = "WS"  # 门类: 文书
    classification: str = NOT_CLASSIFIED  # 密级
    language: str = "汉语"
    version: str = "正本"  # 稿本
    note: str = ""  # 附注
    signatures: tuple[dict, ...] = field(default_factory=tuple)  # 签名人, 签名时间, 签名算法标识, 证书引证


def _add(parent: ET.Element, tag: str, text=None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def metadata_xml(meta: ItemMetadata, *, files: list[dict], trail: list[dict], packed_at: str) -> bytes:
    """The XML: `files` are the manifest's entries of the content parts (name, size, hash, format),
    `trail` the approval trail's steps (at, actor, department, action, opinion)."""
    root = ET.Element(ROOT, {"方案": SCHEME, "封装时间": packed_at})
    entity = _add(root, "文件实体")
    _add(entity, "聚合层次", "件")
    source = _add(entity, "来源")
    _add(source, "全宗名称", meta.fonds_name)
    _add(source, "立档单位名称", meta.fonds_name)
    _add(entity, "电子文件号", meta.record_id)
    code = _add(entity, "档号")
    for tag, value in (("档号", meta.archival_code), ("全宗号", meta.fonds), ("门类", meta.category),
                       ("年度", meta.year), ("保管期限", meta.retention), ("机构或问题", meta.organisation),
                       ("室编件号", meta.item_number)):
        _add(code, tag, value)
    content = _add(entity, "内容描述")
    for tag, value in (("题名", meta.title), ("文件编号", meta.doc_number), ("责任者", meta.responsible),
                       ("日期", meta.date), ("文种", meta.kind), ("紧急程度", meta.urgency), ("主送", meta.main_to),
                       ("抄送", meta.copy_to), ("密级", meta.classification), ("保密期限", "")):
        _add(content, tag, value)
    form = _add(entity, "形式特征")
    attachments = sum(1 for item in files if item["role"] == "attachment")
    for tag, value in (("文件组合类型", "单件" if not attachments else "组合文件"), ("件数", 1 + attachments),
                       ("页数", meta.pages), ("语种", meta.language), ("稿本", meta.version)):
        _add(form, tag, value)
    _add(_add(entity, "存储位置"), "当前位置", "归档包")
    electronic = _add(entity, "电子属性")
    for item in files:
        computer_file = _add(electronic, "计算机文件", 角色=item["role"])
        _add(computer_file, "格式信息", item["media_type"])
        _add(computer_file, "计算机文件名", item["name"] or item["path"])
        _add(computer_file, "包内路径", item["path"])
        _add(computer_file, "计算机文件大小", item["size"])
        _add(computer_file, "数字摘要", item["sha256"], 算法="SHA-256")
    signatures = _add(entity, "电子签名", 数量=len(meta.signatures))
    for signature in meta.signatures:
        one = _add(signatures, "签名")
        for tag in ("签名人", "签名时间", "签名算法标识", "证书引证"):
            _add(one, tag, signature.get(tag, ""))
    if meta.note:
        _add(entity, "附注", meta.note)
    business = _add(root, "业务实体")
    for step in trail:
        action = _add(business, "业务行为")
        _add(action, "行为时间", step.get("at", ""))
        _add(action, "机构人员名称", step.get("actor", ""))
        _add(action, "机构", step.get("department", ""))
        _add(action, "行为描述", step.get("action", ""))
        if step.get("opinion"):
            _add(action, "意见", step["opinion"])
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class MetadataError(Exception):
    pass


def read_metadata(content: bytes) -> ET.Element:
    """The parsed root; MetadataError (in Chinese) when it is not well-formed, declares a DOCTYPE or an
    entity (refused before ElementTree ever sees it), or is not this scheme."""
    try:
        validate_chunks([content], lambda: False)  # well-formed, no DOCTYPE, no entity: at C speed
    except UnsafeXML as exc:
        raise MetadataError("元数据 XML 含有 DOCTYPE 或实体声明，不予接受。") from exc
    except BadXML as exc:
        raise MetadataError("元数据 XML 格式不正确，无法解析。") from exc
    root = ET.fromstring(content)
    if root.tag != ROOT:
        raise MetadataError(f"元数据的根元素是“{root.tag}”，不是“{ROOT}”。")
    return root


def missing_elements(root: ET.Element) -> list[str]:
    """The required elements that are absent (or empty where a value is required)."""
    missing = [path for path in REQUIRED if not (root.findtext(path) or "").strip()]
    return missing + [path for path in PRESENT if root.find(path) is None]


def value(root: ET.Element, path: str) -> str:
    return (root.findtext(path) or "").strip()
