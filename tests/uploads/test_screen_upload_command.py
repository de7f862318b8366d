"""`manage.py screen_upload PATH …`: one JSON object per file, folders walked."""

import json
import zipfile

from django.core.management import call_command

from tests.uploads import corpus as c


def test_screen_upload_prints_one_json_line_per_file(tmp_path, capsys):
    folder = tmp_path / "待导入"
    folder.mkdir()
    (folder / "通知.docx").write_bytes(c.docx())
    (folder / "请示.docx").write_bytes(c.docx(c.p("机密★1年")))
    (folder / "截图.png").write_bytes(c.png())
    (tmp_path / "旧.doc").write_bytes(c.legacy_doc())
    (tmp_path / "bomb.docx").write_bytes(c.zip_bomb(entries=1, size=20 * 1024 * 1024))
    call_command("screen_upload", str(folder), str(tmp_path / "旧.doc"), str(tmp_path / "bomb.docx"), str(tmp_path / "无.pdf"))
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {line["path"].rsplit("/", 1)[-1]: line for line in lines}
    assert set(by_name) == {"通知.docx", "请示.docx", "截图.png", "旧.doc", "bomb.docx", "无.pdf"}
    assert all(set(line) == {"path", "verdict", "reasons"} for line in lines)
    assert by_name["通知.docx"] == {"path": str(folder / "通知.docx"), "verdict": "accepted", "reasons": []}
    assert by_name["请示.docx"]["verdict"] == "blocked" and "机密★1年" in by_name["请示.docx"]["reasons"][0]
    assert by_name["截图.png"]["verdict"] == "review"
    assert by_name["旧.doc"]["verdict"] == "blocked"
    assert by_name["bomb.docx"]["verdict"] == "blocked" and "压缩" in by_name["bomb.docx"]["reasons"][0]
    assert by_name["无.pdf"]["verdict"] == "blocked"
    assert zipfile.is_zipfile(folder / "通知.docx")
