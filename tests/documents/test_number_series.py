"""发文字号 per series (issue 17): the series a document is numbered in follows its kind; each series counts
from 1 per year on its own, unique and without gaps (also when eight clerks number at once, PostgreSQL);
the 发文字号登记簿 shows one series at a time; an organ with no such series is refused in words."""

import threading
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.db import connection

from documents.choices import DocType
from documents.choices import DocumentState as S
from documents.models import Document, IssuedNumber, NumberSequence
from documents.services.series import document_series
from oa.audit.models import LedgerEntry
from oa.org.choices import Role, SeriesKind
from oa.org.models import NumberSeries
from oa.org.services.series import series_create, series_set_active
from tests.factories import DepartmentFactory, person_with_role

pytestmark = pytest.mark.django_db


def series_of(department, kind):
    return NumberSeries.objects.get(organs=department, kind=kind)


def test_every_organ_has_its_file_letter_and_minutes_series_from_its_organ_code(personas):
    assert {s.kind: s.code for s in NumberSeries.objects.filter(organs=personas.dept_a)} == {
        SeriesKind.FILE: "韶甲", SeriesKind.LETTER: "韶甲函", SeriesKind.MINUTES: "韶甲纪要"}


@pytest.mark.parametrize(("doc_type", "code"), [
    (DocType.NOTICE, "韶甲"), (DocType.REQUEST, "韶甲"), (DocType.LETTER, "韶甲函"), (DocType.MINUTES, "韶甲纪要"),
])
def test_the_series_follows_the_kind(personas, draft, doc_type, code):
    assert document_series(draft(doc_type=doc_type)).code == code


def test_a_letter_takes_its_own_count_while_the_file_series_goes_on(personas, draft, walk):
    first, second = (walk(draft(title=f"通知{i}"), S.SEALING) for i in (1, 2))
    letter = walk(draft(title="关于商请支持的函", doc_type=DocType.LETTER), S.SEALING)
    third = walk(draft(title="通知3"), S.SEALING)
    year = letter.number_year
    assert letter.doc_number == f"韶甲函〔{year}〕1号"
    assert [d.doc_number for d in (first, second, third)] == [f"韶甲〔{year}〕{n}号" for n in (1, 2, 3)]
    assert set(IssuedNumber.objects.values_list("code", "seq")) == {("韶甲", 1), ("韶甲", 2), ("韶甲", 3), ("韶甲函", 1)}
    # The step's ledger entry and trail are as before, with the number's text.
    entry = LedgerEntry.objects.get(action="document.number", target_id=str(letter.pk))
    assert entry.data == {"from": S.NUMBERING, "to": S.SEALING, "opinion": "", "number": f"韶甲函〔{year}〕1号"}
    assert letter.steps.filter(step="number").count() == 1


def test_an_organ_without_an_active_letter_series_is_refused_in_words(personas, draft, walk, act):
    series_set_active(actor=personas.system_admin, series_id=series_of(personas.dept_a, SeriesKind.LETTER).pk, active=False)
    letter = walk(draft(doc_type=DocType.LETTER), S.NUMBERING)
    with pytest.raises(ValidationError, match="甲局没有启用的“函”发文字号序列，无法编号"):
        act(personas.clerk_a, "number", letter)
    letter.refresh_from_db()
    assert letter.state == S.NUMBERING and not letter.number_seq
    assert not IssuedNumber.objects.exists() and not NumberSequence.objects.exists()


def test_the_refusal_reaches_the_api_as_a_400(personas, draft, walk, client, login):
    series_set_active(actor=personas.system_admin, series_id=series_of(personas.dept_a, SeriesKind.MINUTES).pk, active=False)
    minutes = walk(draft(doc_type=DocType.MINUTES), S.NUMBERING)
    login(personas.clerk_a)
    response = client.post(f"/api/v1/documents/{minutes.pk}/number/", {}, content_type="application/json")
    assert response.status_code == 400 and "没有启用的“纪要”发文字号序列" in response.content.decode()


def test_two_equally_close_joint_series_are_refused_not_guessed(personas, draft):
    for code, third in (("韶甲乙信联", personas.info_dept), ("韶甲乙丙联", DepartmentFactory(name="丙局", organ_code="韶丙"))):
        series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code=code, organs=[personas.dept_a, personas.dept_b, third])
    with pytest.raises(ValidationError, match="共用的联合发文字号序列不止一个"):
        document_series(draft(), [personas.dept_a.pk, personas.dept_b.pk])


def test_a_joint_document_takes_the_series_its_organs_share(personas, draft):
    document = draft()
    organs = [personas.dept_a.pk, personas.dept_b.pk]
    with pytest.raises(ValidationError, match="甲局、乙局没有共用的联合发文字号序列"):
        document_series(document, organs)
    wide = series_create(actor=personas.system_admin, kind=SeriesKind.JOINT, code="韶甲乙信联",
                         organs=[personas.dept_a, personas.dept_b, personas.info_dept])
    assert document_series(document, organs) == wide
    pair = series_create(actor=personas.director_a, kind=SeriesKind.JOINT, code="韶甲乙联", organs=[personas.dept_a, personas.dept_b])
    assert document_series(document, organs) == pair  # the pair's own before a wider one
    assert document_series(document, organs[::-1]) == pair
    series_set_active(actor=personas.system_admin, series_id=pair.pk, active=False)
    assert document_series(document, organs) == wide
    assert document_series(document, [personas.dept_a.pk]).code == "韶甲"  # one organ: not joint


def test_the_migration_gives_existing_departments_series_that_continue_their_count(personas, draft, walk):
    """Before issue 17 numbers were taken under the department's 机关代字: the migration's 文件 series has that
    code, so the year's count goes on from where it was."""
    NumberSeries.objects.filter(organs=personas.dept_a).delete()
    year = draft().created_at.year
    NumberSequence.objects.create(code="韶甲", year=year, last=41)
    migration = import_module("oa.org.migrations.0005_number_series")
    migration.default_series(django_apps, None)
    assert {s.kind: s.code for s in NumberSeries.objects.filter(organs=personas.dept_a)} == {
        SeriesKind.FILE: "韶甲", SeriesKind.LETTER: "韶甲函", SeriesKind.MINUTES: "韶甲纪要"}
    assert NumberSeries.objects.filter(organs=personas.dept_b).count() == 3  # the others untouched, not doubled
    assert walk(draft(), S.SEALING).doc_number == f"韶甲〔{year}〕42号"


# --- the 发文字号登记簿 by series ------------------------------------------------------------------

@pytest.fixture
def two_series(personas, draft, walk):
    notices = [walk(draft(title=f"通知{i}"), S.SEALING) for i in (1, 2)]
    letter = walk(draft(title="关于商请支持的函", doc_type=DocType.LETTER), S.SEALING)
    return notices, letter


def test_the_register_page_shows_one_series_the_file_series_first(personas, client, login, two_series):
    notices, letter = two_series
    login(personas.clerk_a)
    default = client.get("/documents/numbers/").content.decode()
    assert notices[1].doc_number in default and letter.doc_number not in default
    assert "韶甲函（函）" in default and "韶甲纪要（纪要）" in default  # the choice of series
    letters = client.get(f"/documents/numbers/?series={series_of(personas.dept_a, SeriesKind.LETTER).pk}").content.decode()
    assert letter.doc_number in letters and notices[0].doc_number not in letters
    # Another organ's series, or nonsense, reads as no choice: the 文件 series.
    for wanted in (series_of(personas.dept_b, SeriesKind.LETTER).pk, "x"):
        assert notices[0].doc_number in client.get(f"/documents/numbers/?series={wanted}").content.decode()


def test_the_register_xlsx_and_api_filter_by_series(personas, client, login, two_series):
    import io

    from openpyxl import load_workbook

    notices, letter = two_series
    letter_series = series_of(personas.dept_a, SeriesKind.LETTER)
    login(personas.clerk_a)
    book = load_workbook(io.BytesIO(client.get(f"/documents/numbers.xlsx?series={letter_series.pk}").content))
    numbers = [row[2] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert numbers == [letter.doc_number]
    rows = client.get(f"/api/v1/documents/numbers/?series={letter_series.pk}").json()
    assert [r["number"] for r in rows] == [letter.doc_number]
    assert [r["number"] for r in client.get("/api/v1/documents/numbers/").json()] == [d.doc_number for d in notices]


# --- adding, stopping: the services, the page, the API ----------------------------------------------

@pytest.mark.parametrize(("kind", "code", "organs", "message"), [
    (SeriesKind.LETTER, "SFB函", "a", "机关代字只能由汉字组成"),
    (SeriesKind.LETTER, "韶乙函", "a", "已被其他发文字号序列使用"),
    (SeriesKind.LETTER, "韶甲商函", "a", "甲局已有启用的“函”发文字号序列“韶甲函”"),
    (SeriesKind.FILE, "韶甲乙", "ab", "只属于一个机关"),
    (SeriesKind.JOINT, "韶甲联", "a", "须属于两个或以上机关"),
    ("other", "韶甲别", "a", "类别只能是"),
    (SeriesKind.LETTER, "   ", "a", "请填写机关代字"),
])
def test_a_series_that_breaks_a_rule_is_refused_in_words(personas, kind, code, organs, message):
    chosen = [{"a": personas.dept_a, "b": personas.dept_b}[c] for c in organs]
    with pytest.raises(ValidationError, match=message):
        series_create(actor=personas.system_admin, kind=kind, code=code, organs=chosen)


def test_a_stopped_series_makes_room_for_a_new_code_and_its_numbers_stay(personas, draft, walk):
    first = walk(draft(doc_type=DocType.LETTER), S.SEALING)
    old = series_of(personas.dept_a, SeriesKind.LETTER)
    series_set_active(actor=personas.director_a, series_id=old.pk, active=False)
    new = series_create(actor=personas.director_a, kind=SeriesKind.LETTER, code="韶甲商函", organs=[personas.dept_a])
    second = walk(draft(doc_type=DocType.LETTER), S.SEALING)
    assert second.doc_number == f"韶甲商函〔{second.number_year}〕1号" and first.doc_number.startswith("韶甲函〔")
    with pytest.raises(ValidationError, match="已有启用的“函”发文字号序列“韶甲商函”"):
        series_set_active(actor=personas.director_a, series_id=old.pk, active=True)
    assert new.is_active
    assert set(LedgerEntry.objects.filter(action__startswith="org.series.").values_list("action", flat=True)) == {
        "org.series.create", "org.series.deactivate"}


def test_only_the_system_admin_or_the_organs_office_director_manages_series(personas):
    from django.core.exceptions import PermissionDenied

    for person in (personas.clerk_a, personas.director_b):
        with pytest.raises(PermissionDenied):
            series_create(actor=person, kind=SeriesKind.LETTER, code="韶甲新函", organs=[personas.dept_a])
    # A director may add the joint series of their own organ with another.
    joint = series_create(actor=personas.director_b, kind=SeriesKind.JOINT, code="韶甲乙联", organs=[personas.dept_a, personas.dept_b])
    assert set(joint.organs.all()) == {personas.dept_a, personas.dept_b}


def test_the_page_lists_and_adds_series(personas, client, login):
    login(personas.staff_a)
    assert client.get("/manage/number-series/").status_code == 403
    client.logout()
    login(personas.director_a)
    page = client.get("/manage/number-series/").content.decode()
    assert "韶甲函" in page and "韶乙函" not in page  # their own organ's only
    response = client.post("/manage/number-series/", {"kind": "joint", "code": "韶甲乙联",
                                                      "organs": [personas.dept_a.pk, personas.dept_b.pk]}, follow=True)
    assert "已添加发文字号序列" in response.content.decode() and "韶甲乙联" in response.content.decode()
    refused = client.post("/manage/number-series/", {"kind": "letter", "code": "韶乙新函", "organs": [personas.dept_b.pk]})
    assert refused.status_code == 200 and "只有系统管理员或所属机关的办公室主任" in refused.content.decode()
    stop = client.post(f"/manage/number-series/{series_of(personas.dept_a, SeriesKind.MINUTES).pk}/stop/", follow=True)
    assert "已停用该序列" in stop.content.decode()
    assert not series_of(personas.dept_a, SeriesKind.MINUTES).is_active
    client.logout()
    login(personas.system_admin)
    assert "韶乙函" in client.get("/manage/number-series/").content.decode()  # every organ's


def test_the_api_lists_adds_and_stops_series(personas, client, login):
    login(personas.clerk_a)
    listed = client.get("/api/v1/number-series/").json()
    assert set(listed) == {"results", "next"}
    assert sorted(row["code"] for row in listed["results"]) == ["韶甲", "韶甲函", "韶甲纪要"]
    refused = client.post("/api/v1/number-series/", {"kind": "letter", "code": "韶甲新函", "organs": [personas.dept_a.pk]},
                          content_type="application/json")
    assert refused.status_code == 403 and "办公室主任" in refused.json()["detail"]
    client.logout()
    login(personas.director_a)
    made = client.post("/api/v1/number-series/", {"kind": "joint", "code": "韶甲乙联",
                                                  "organs": [personas.dept_a.pk, personas.dept_b.pk]},
                       content_type="application/json")
    assert made.status_code == 201 and made.json()["organ_names"] == ["甲局", "乙局"] and made.json()["kind_label"] == "联合"
    bad = client.post("/api/v1/number-series/", {"kind": "letter", "code": "abc", "organs": [personas.dept_a.pk]},
                      content_type="application/json")
    assert bad.status_code == 400 and "汉字" in bad.content.decode()
    series_id = series_of(personas.dept_a, SeriesKind.LETTER).pk
    stopped = client.patch(f"/api/v1/number-series/{series_id}/", {"is_active": False}, content_type="application/json")
    assert stopped.status_code == 200 and stopped.json()["is_active"] is False
    other = series_of(personas.dept_b, SeriesKind.LETTER).pk
    assert client.patch(f"/api/v1/number-series/{other}/", {"is_active": False}, content_type="application/json").status_code == 404
    page = client.get("/api/v1/number-series/?page_size=2").json()
    assert len(page["results"]) == 2 and page["next"]


# --- eight clerks at once, two series (PostgreSQL) --------------------------------------------------

@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL only")
def test_eight_concurrent_numberings_across_two_series_are_unique_and_gap_free(personas, draft, walk, act):
    second_clerk = person_with_role("a_clerk2", personas.dept_a, Role.CLERK, "文书")
    documents = [walk(draft(title=f"第{i}份", doc_type=DocType.LETTER if i % 2 else DocType.NOTICE), S.NUMBERING)
                 for i in range(8)]
    barrier = threading.Barrier(len(documents))
    errors = []

    def number(document, clerk):
        try:
            barrier.wait(timeout=10)
            act(clerk, "number", document)
        except Exception as exc:  # noqa: BLE001 — any failure is what the test must show
            errors.append(exc)
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=number, args=(d, (personas.clerk_a, second_clerk)[i % 2]))
               for i, d in enumerate(documents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbered = Document.objects.filter(pk__in=[d.pk for d in documents])
    by_code = {}
    for code, seq in numbered.values_list("number_code", "number_seq"):
        by_code.setdefault(code, []).append(seq)
    assert {code: sorted(seqs) for code, seqs in by_code.items()} == {"韶甲": [1, 2, 3, 4], "韶甲函": [1, 2, 3, 4]}
    assert IssuedNumber.objects.count() == 8
    assert dict(NumberSequence.objects.values_list("code", "last")) == {"韶甲": 4, "韶甲函": 4}
