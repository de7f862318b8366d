"""oa.core.params.whole_number: the one rule for ids, cursors and years taken from a request."""

import pytest

from oa.core.params import BIGINT_MAX, whole_number, year_or_current


@pytest.mark.parametrize("value, expected", [
    ("0", 0), ("42", 42), (42, 42), (str(BIGINT_MAX), BIGINT_MAX),
    (None, None), ("", None), (" 42", None), ("42 ", None), ("+1", None), ("-1", None), (-1, None), ("4.2", None),
    ("²", None), ("４２", None), ("٤٢", None), ("1" * 20, None), (str(BIGINT_MAX + 1), None), (True, None),
])
def test_whole_number(value, expected):
    assert whole_number(value) == expected


def test_a_maximum():
    assert whole_number("2999", maximum=2999) == 2999 and whole_number("3000", maximum=2999) is None


def test_a_registers_year():
    from django.utils import timezone

    this_year = timezone.localdate().year
    assert year_or_current("2025") == 2025
    assert [year_or_current(v) for v in ("", "0", "1999", "3000", "²", "9" * 30, None)] == [this_year] * 7


@pytest.mark.django_db
@pytest.mark.parametrize("url", [
    "/inbox/?before=%C2%B2", "/inbox/?department=%C2%B2", "/feedback/?department=%C2%B2",
    "/uploads/review/?before=%C2%B2", "/documents/?before=%C2%B2", "/notices/?before=%C2%B2",
    "/documents/numbers.xlsx?year=%C2%B2", "/documents/numbers/?year=99999999999", "/documents/numbers/?year=1", "/inbox/?before=99999999999999999999999",
    "/api/v1/documents/?before=%C2%B2", "/api/v1/deliveries/?before=%C2%B2", "/api/v1/documents/numbers/?year=%C2%B2", "/api/v1/tickets/?cursor=%C2%B2",
    "/api/v1/tickets/?department=%C2%B2", "/api/v1/people/?department=%C2%B2",
    "/api/v1/usage-reports/trend/?department=%C2%B2",
])
def test_odd_digits_in_a_request_never_end_in_a_500(personas, login, url):
    client = login(personas.info_center)
    client.raise_request_exception = False
    assert client.get(url).status_code < 500, url


@pytest.mark.django_db
def test_dates_outside_the_century_are_refused_in_chinese_and_change_nothing(personas, login):
    from oa.trial.models import Outage, TrialProgramme

    client = login(personas.info_center)
    client.raise_request_exception = False
    response = client.post("/api/v1/trials/", {"name": "试运行", "start_date": "2026-12-01", "end_date": "9999-12-31"},
                           content_type="application/json")
    assert response.status_code == 400 and "2099年12月31日" in str(response.json())
    response = client.post("/api/v1/trials/outages/", {"starts_at": "0001-01-01 00:00", "reason": "停电"},
                           content_type="application/json")
    assert response.status_code == 400 and "2000年1月1日" in str(response.json())
    assert not TrialProgramme.objects.exists() and not Outage.objects.exists()
    for url in ("/inbox/?since=0001-01-01", "/audit/?since=0001-01-01&until=9999-12-31", "/inbox/?until=9999-12-31",
                "/documents/?since=0001-01-01"):
        assert client.get(url).status_code < 500, url


def test_several_refusal_reasons_read_as_one_sentence():
    from django.core.exceptions import ValidationError

    from oa.core.messages import error_text

    refused = ValidationError(["文件名中标有密级“秘密”。", "涉密文件一律不得上传本系统。"])
    assert error_text(refused) == "文件名中标有密级“秘密”；涉密文件一律不得上传本系统。"
