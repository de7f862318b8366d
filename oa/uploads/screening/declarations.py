"""The declaration a person ticks before every upload (谁上网谁负责), versioned.

A new wording gets a new version; the old ones stay here so that every UploadRecord's
`declaration_version` can still be shown with the exact text the person agreed to.
"""

DECLARATIONS = {
    "2026.1": "本人承诺所上传文件不涉及国家秘密，谁上网谁负责。",
}
CURRENT_VERSION = "2026.1"

# Shown when someone chooses 绝密/机密/秘密 (or a file carries such a marking).
WHERE_CLASSIFIED_GOES = (
    "涉密文件（绝密、机密、秘密）一律不得上传本系统（涉密不上网，上网不涉密）。"
    "请通过机要渠道以纸质方式传递，或联系本单位保密员处理。"
)


def declaration_text(version: str = CURRENT_VERSION) -> str:
    return DECLARATIONS.get(version, "")


def current_declaration() -> dict:
    return {"version": CURRENT_VERSION, "text": DECLARATIONS[CURRENT_VERSION]}
