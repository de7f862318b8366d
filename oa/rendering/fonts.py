"""Fonts of every printed output (the document, the bulletin and its charts, the trial's reports):
a fallback chain per role, licensed fonts from a folder.

GB/T 9704 names 仿宋_GB2312, 小标宋, 黑体 and 楷体, which are licensed fonts usually installed on
government machines. Each role lists the licensed names first and ends in a free font that
Debian ships (fonts-noto-cjk, fonts-arphic-gkai00mp), so the output is always readable.

Licensed fonts can also be dropped into a folder: settings.OA_FONT_DIR, or the environment
variable OA_FONT_DIR when the setting is absent (read at call time). Every .ttf/.otf/.ttc file
there whose family name appears in a chain is declared with an @font-face rule pointing at the
file; the URL fetcher allows file:// URLs inside that folder and nowhere else.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

FONT_EXTENSIONS = {".ttf", ".otf", ".ttc", ".otc"}


@dataclass(frozen=True)
class Role:
    key: str
    label: str
    families: tuple[str, ...]  # licensed names first, the free fallback last
    fallback_weight: int = 400  # weight to use when only the free fallback is present


ROLES = {
    role.key: role
    for role in (
        Role("fangsong", "仿宋", ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC")),
        Role("xiaobiaosong", "小标宋", ("FZXiaoBiaoSong-B05S", "方正小标宋简体", "方正小标宋_GBK", "Noto Serif CJK SC"), 700),
        Role("heiti", "黑体", ("SimHei", "黑体", "Noto Sans CJK SC")),
        Role("kaiti", "楷体", ("KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "AR PL KaitiM GB")),
        Role("songti", "宋体", ("SimSun", "宋体", "Noto Serif CJK SC")),
    )
}


def font_dir() -> Path | None:
    """The folder of licensed fonts, or None. Read at call time."""
    from django.conf import settings

    value = getattr(settings, "OA_FONT_DIR", None) or os.environ.get("OA_FONT_DIR") or None
    if not value:
        return None
    path = Path(value).expanduser()
    return path.resolve() if path.is_dir() else None


def font_dir_signature(folder: Path | None = None) -> tuple:
    """Changes whenever a font is added to, replaced in or removed from the folder."""
    folder = folder if folder is not None else font_dir()
    if folder is None:
        return ()
    entries = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in FONT_EXTENSIONS and path.is_file():
            stat = path.stat()
            entries.append((path.name, stat.st_size, int(stat.st_mtime)))
    return (str(folder), *entries)


@functools.lru_cache(maxsize=8)
def _folder_fonts(signature: tuple) -> tuple[tuple[str, str], ...]:
    """(family name, absolute path) for every font file in the folder (all localised names)."""
    if not signature:
        return ()
    from fontTools.ttLib import TTCollection, TTFont

    folder = Path(signature[0])
    found = []
    for name, _size, _mtime in signature[1:]:
        path = folder / name
        try:
            if path.suffix.lower() in {".ttc", ".otc"}:
                fonts = TTCollection(str(path), lazy=True).fonts[:1]  # WeasyPrint reads face 0
            else:
                fonts = [TTFont(str(path), lazy=True)]
            families = set()
            for font in fonts:
                for record in font["name"].names:
                    if record.nameID in (1, 4, 16):
                        try:
                            families.add(record.toUnicode().strip())
                        except UnicodeDecodeError:
                            continue
        except Exception:  # an unreadable file is ignored, the chain falls through
            continue
        found.extend((family, str(path)) for family in sorted(families) if family)
    return tuple(found)


def folder_fonts() -> dict[str, str]:
    """{family: path} of fonts in OA_FONT_DIR that some role asks for."""
    wanted = {family for role in ROLES.values() for family in role.families}
    return {family: path for family, path in _folder_fonts(font_dir_signature()) if family in wanted}


@functools.lru_cache(maxsize=1)
def system_families() -> frozenset[str]:
    """Family names fontconfig knows about (all localised names), cached for the process."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        output = subprocess.run(
            ["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in output.splitlines() for name in line.split(",") if name.strip())


def resolve(role_key: str) -> tuple[str, int]:
    """(CSS font-family list, weight) for a role.

    The weight is the role's fallback weight when none of the licensed families is available
    (小标宋 falls back to Noto Serif CJK SC Bold); a licensed 小标宋 is used at its own weight.
    """
    role = ROLES[role_key]
    available = system_families() | set(folder_fonts())
    licensed = any(family in available for family in role.families[:-1])
    return css_family_list(role.families), (400 if licensed else role.fallback_weight)


def css_family_list(families) -> str:
    return ", ".join('"' + family.replace("\\", "").replace('"', "") + '"' for family in families)


def font_face_css() -> str:
    """@font-face rules for the licensed fonts found in OA_FONT_DIR."""
    rules = []
    for family, path in sorted(folder_fonts().items()):
        url = Path(path).as_uri()
        rules.append(f"@font-face {{ font-family: {css_family_list([family])}; src: url({url!r}); }}")
    return "\n".join(rules)


def role_css() -> str:
    """CSS classes .f-<role> with the resolved chain and weight, plus the @font-face rules."""
    lines = [font_face_css()]
    for key in ROLES:
        family, weight = resolve(key)
        lines.append(f".f-{key} {{ font-family: {family}; font-weight: {weight}; }}")
    return "\n".join(line for line in lines if line)


# --- start-up check ----------------------------------------------------------------------------

APT_HINT = "sudo apt-get install libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-gkai00mp"


def harfbuzz_subset_available() -> bool:
    name = ctypes.util.find_library("harfbuzz-subset")
    if not name:
        return False
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def cjk_font_available() -> bool:
    if folder_fonts():
        return True
    if not shutil.which("fc-list"):
        return False
    try:
        output = subprocess.run(
            ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(output.strip())


def check_pdf_prerequisites() -> dict:
    """What PDF rendering needs from the machine: {"ok": bool, "problems": [...], ...}."""
    problems = []
    harfbuzz = harfbuzz_subset_available()
    if not harfbuzz:
        problems.append(
            "未找到 libharfbuzz-subset：WeasyPrint 将退回 fontTools 子集化，含中文字体的 PDF 生成会慢约 60 倍。"
        )
    cjk = cjk_font_available()
    if not cjk:
        problems.append("未找到中文字体（fc-list :lang=zh 为空）：PDF 中的汉字将无法显示。")
    folder = font_dir()
    return {
        "ok": not problems,
        "harfbuzz_subset": harfbuzz,
        "cjk_font": cjk,
        "font_dir": str(folder) if folder else None,
        "licensed_fonts": sorted(folder_fonts()),
        "problems": problems,
        "hint": APT_HINT,
    }
