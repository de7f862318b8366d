"""`python manage.py set_fonds --department sfb --code J002 [--org-code BGS] [--org-name 办公室]`: a department's
全宗号 and 机构（问题）, as the 档案馆 gave them (the system administrator's; ledgered as archives.fonds)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from oa.archives.ledger_actions import ARCHIVES_FONDS
from oa.archives.models import Fonds
from oa.audit.services import ledger_record
from oa.org.models import Department


class Command(BaseCommand):
    help = "设置单位的全宗号和机构（问题）代码（DA/T 22-2015 档号的组成部分）"

    def add_arguments(self, parser):
        parser.add_argument("--department", required=True, help="单位简拼，如 sfb")
        parser.add_argument("--code", required=True, help="全宗号，如 J002")
        parser.add_argument("--org-code", default=None, help="机构（问题）代码，默认 BGS")
        parser.add_argument("--org-name", default=None, help="机构（问题）名称，默认 办公室")

    def handle(self, *args, department, code, org_code, org_name, **options):
        unit = Department.objects.filter(slug=department).first()
        if unit is None:
            raise CommandError(f"没有简拼为“{department}”的单位。")
        with transaction.atomic():
            fonds = Fonds.objects.select_for_update().filter(department=unit).first() or Fonds(department=unit)
            before = {"code": fonds.code, "org_code": fonds.org_code, "org_name": fonds.org_name} if fonds.pk else None
            fonds.code = code.strip().upper()
            fonds.org_code = (org_code or fonds.org_code or "BGS").strip().upper()
            fonds.org_name = (org_name or fonds.org_name or "办公室").strip()
            try:
                fonds.full_clean()
            except ValidationError as invalid:
                raise CommandError("；".join(invalid.messages)) from invalid
            fonds.save()
            ledger_record(action=ARCHIVES_FONDS, target=fonds, department=unit, data={
                "before": before, "code": fonds.code, "org_code": fonds.org_code, "org_name": fonds.org_name})
        self.stdout.write(f"{unit.name}：全宗号 {fonds.code}，机构（问题）{fonds.org_name}（{fonds.org_code}）")
