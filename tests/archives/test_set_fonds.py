"""set_fonds: a department's 全宗号 and 机构, checked and ledgered; later 件 carry them."""

import pytest
from django.core.management import CommandError, call_command

from oa.archives.models import Fonds
from oa.audit.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_set_fonds_checks_and_records(personas):
    call_command("set_fonds", department="deptA", code="j021", org_code="zhk", org_name="综合科")
    fonds = Fonds.objects.get(department=personas.dept_a)
    assert (fonds.code, fonds.org_code, fonds.org_name) == ("J021", "ZHK", "综合科")
    assert LedgerEntry.objects.get(action="archives.fonds").data["code"] == "J021"
    with pytest.raises(CommandError, match="全宗号须为"):
        call_command("set_fonds", department="deptA", code="J-21")
    with pytest.raises(CommandError, match="没有简拼"):
        call_command("set_fonds", department="nobody", code="J1")
    assert Fonds.objects.get(department=personas.dept_a).code == "J021"
