"""Django system check: can this machine render PDFs quickly and with Chinese text?

Wired from the core app's config (oa/core/apps.py, CoreConfig.ready):

    from oa.rendering import checks  # noqa: F401  (registers the system check)

The check ids keep their first names (documents.W001, documents.W002), so that a deployment that
silenced one still does.
"""

from __future__ import annotations

from django.core.checks import Tags, Warning, register

from oa.rendering.fonts import APT_HINT, check_pdf_prerequisites

# What the report may lack, and the warning that says so.
_MISSING = (
    ("harfbuzz_subset", "未找到 libharfbuzz-subset：生成含中文字体的 PDF 会慢约 60 倍（3 页约 9 秒而非 0.2 秒）。",
     f"安装后重启服务：{APT_HINT}", "documents.W001"),
    ("cjk_font", "未找到中文字体：生成的 PDF 中汉字无法显示。",
     f"{APT_HINT}；或把已授权的仿宋_GB2312、方正小标宋简体、黑体、楷体_GB2312 字体文件放入 OA_FONT_DIR 目录。", "documents.W002"),
)


@register(Tags.compatibility)
def pdf_prerequisites(app_configs=None, **kwargs):
    report = check_pdf_prerequisites()
    return [Warning(message, hint=hint, id=check_id) for key, message, hint, check_id in _MISSING if not report[key]]
