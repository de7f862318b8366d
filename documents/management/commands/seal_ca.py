"""manage.py seal_ca — the information center's demo CA for the electronic seal (docs/seals.md).

Creates the root under OA_SEAL_DIR when missing (--force: a new root, every organ certificate re-issued)
and one certificate + key per active department that has none (--organ SLUG: that one, re-issued).
--show lists what is there. Production brings its own PKCS#12 files or a PKCS#11 token instead.
"""

from django.core.management.base import BaseCommand, CommandError

from documents.seals import ca
from documents.seals.keys import trust_roots
from documents.seals.settings import seal_dir, signer_kind
from oa.org.models import Department


class Command(BaseCommand):
    help = "建立电子印章演示根证书，并为每个单位签发印章证书（OA_SEAL_DIR）。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="重新建立根证书（此前签发的单位证书作废重签）")
        parser.add_argument("--organ", help="只为该简拼的单位重新签发证书")
        parser.add_argument("--show", action="store_true", help="只列出现有证书")

    def handle(self, *args, force=False, organ=None, show=False, **options):
        if signer_kind() != "files":
            raise CommandError("OA_SEAL_SIGNER 不是 files：印章密钥在 PKCS#11 设备中，由设备管理工具签发。")
        if show:
            return self._show()
        _, created = ca.create_ca(force=force)
        self.stdout.write(f"根证书：{'新建' if created else '已有'}（{ca.root_paths()[0]}）")
        if organ:
            department = Department.objects.filter(slug=organ).first()
            if department is None:
                raise CommandError(f"没有简拼为 {organ} 的单位。")
            ca.issue_organ(slug=department.slug, name=department.name)
            self.stdout.write(self.style.SUCCESS(f"已为{department.name}签发印章证书。"))
            return
        issued = ca.enrol_all(Department.objects.filter(is_active=True).order_by("pk"))
        self.stdout.write(self.style.SUCCESS(f"新签发单位印章证书 {issued} 张（{seal_dir() / 'organs'}）。"))

    def _show(self):
        for root in trust_roots():
            self.stdout.write(f"信任根：{root.subject.human_friendly}  至 {root['tbs_certificate']['validity']['not_after'].native:%Y-%m-%d}")
        for path in sorted((seal_dir() / "organs").glob("*.p12")):
            self.stdout.write(f"单位证书：{path.stem}")
