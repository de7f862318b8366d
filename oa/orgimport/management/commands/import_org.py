"""Import departments, people or role assignments from a CSV or XLSX file — the page's service.

Without --as the import runs as the system (shell access to the server is administration), which
may import every kind, roles included; with --as it runs as that person, with their permissions.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from oa.org.models import Person
from oa.orgimport.services.service import org_import


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 文件导入单位、人员或角色（根据表头识别）；全部通过校验才写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV（UTF-8 或 GB18030）或 XLSX 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--as", dest="as_username", metavar="USERNAME",
                            help="以该账号的身份和权限导入（默认以系统身份导入）")

    def handle(self, *args, file, dry_run=False, as_username=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        actor = None
        if as_username:
            actor = Person.objects.filter(username=as_username, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号“{as_username}”不存在或已停用。")
        size = path.stat().st_size
        with path.open("rb") as handle:  # never more than the cap (+1, so the service can say "too big")
            content = handle.read(int(settings.OA_IMPORT_MAX_BYTES) + 1)
        try:
            result = org_import(
                actor=actor, filename=path.name, content=content, size=size, dry_run=dry_run, via="command"
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(result.summary)
        self.stdout.write(self.style.SUCCESS(result.summary))
        if result.initial_passwords:
            self.stdout.write("新账号的初始密码（仅显示这一次）：")
            for item in result.initial_passwords:
                self.stdout.write(f"  {item.username}\t{item.name}\t{item.password}")
            self.stdout.write(self.style.WARNING(
                "系统不保存这些密码的明文。请通过安全方式当面交付本人，勿经短信、即时通讯或电子邮件发送；首次登录须修改密码。"
            ))
