"""我的常用意见: each person keeps their own phrases — add, reorder, delete — on a page that works without
JavaScript and through /api/v1/phrases/, with the same checks: text given and ≤ 100 characters, not twice,
at most 30, another person's phrase does not exist (404), and the classification gate."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from oa.audit.models import LedgerEntry
from oa.org.models import Phrase
from oa.org.services.phrases import phrase_add, phrase_delete, phrase_edit, phrase_shift
from oa.uploads.choices import Source, Verdict
from oa.uploads.exceptions import UploadRefused
from oa.uploads.models import UploadRecord

pytestmark = pytest.mark.django_db

MARKED = "拟同意。此件属机密★1年，请控制范围"


def _texts(person):
    return list(Phrase.objects.filter(person=person).order_by("position").values_list("text", flat=True))


def _positions(person):
    return list(Phrase.objects.filter(person=person).order_by("position").values_list("position", flat=True))


def _add(person, *texts):
    return [phrase_add(actor=person, text=text) for text in texts]


# --- the service ---------------------------------------------------------------------------------

def test_added_at_the_end_stripped_and_ledgered(personas):
    first, second = _add(personas.leader_a, "  拟同意，请按程序办理。 ", "请办公室阅处。")
    assert (first.text, first.position, second.position) == ("拟同意，请按程序办理。", 1, 2)
    entry = LedgerEntry.objects.filter(action="org.phrase.add").latest("id")
    assert entry.actor == personas.leader_a and entry.data["text"] == "请办公室阅处。"


def test_empty_and_too_long_are_refused_in_chinese(personas):
    with pytest.raises(ValidationError) as empty:
        phrase_add(actor=personas.staff_a, text="   ")
    assert empty.value.message_dict == {"text": ["请填写常用意见。"]}
    with pytest.raises(ValidationError) as long:
        phrase_add(actor=personas.staff_a, text="好" * 101)
    assert long.value.message_dict == {"text": ["常用意见不能超过 100 个字。"]}
    phrase_add(actor=personas.staff_a, text="好" * 100)


def test_the_same_text_twice_is_refused_with_a_clear_message(personas):
    _add(personas.staff_a, "同意")
    with pytest.raises(ValidationError) as twice:
        phrase_add(actor=personas.staff_a, text=" 同意 ")
    assert twice.value.message_dict == {"text": ["“同意”已在您的常用意见中，无需重复添加。"]}
    _add(personas.staff_b, "同意")  # another person's list is their own
    other = _add(personas.staff_a, "已阅")[0]
    with pytest.raises(ValidationError):
        phrase_edit(actor=personas.staff_a, phrase_id=other.pk, text="同意")
    assert _texts(personas.staff_a) == ["同意", "已阅"]


def test_at_most_thirty(personas):
    _add(personas.staff_a, *[f"意见{n}" for n in range(Phrase.MAX_PER_PERSON)])
    with pytest.raises(ValidationError) as full:
        phrase_add(actor=personas.staff_a, text="再一条")
    assert full.value.messages == ["常用意见最多保存 30 条，请先删除不再使用的。"]
    assert Phrase.objects.filter(person=personas.staff_a).count() == 30


def test_reorder_up_down_and_to_a_place(personas):
    a, b, c, d = _add(personas.staff_a, "甲", "乙", "丙", "丁")
    phrase_shift(actor=personas.staff_a, phrase_id=c.pk, by=-1)
    assert _texts(personas.staff_a) == ["甲", "丙", "乙", "丁"]
    phrase_shift(actor=personas.staff_a, phrase_id=a.pk, by=-1)  # at the top it stays
    phrase_shift(actor=personas.staff_a, phrase_id=d.pk, by=1)  # at the bottom too
    assert _texts(personas.staff_a) == ["甲", "丙", "乙", "丁"]
    phrase_shift(actor=personas.staff_a, phrase_id=a.pk, by=1)
    assert _texts(personas.staff_a) == ["丙", "甲", "乙", "丁"]
    phrase_edit(actor=personas.staff_a, phrase_id=d.pk, position=1)
    assert _texts(personas.staff_a) == ["丁", "丙", "甲", "乙"] and _positions(personas.staff_a) == [1, 2, 3, 4]
    with pytest.raises(ValidationError) as outside:
        phrase_edit(actor=personas.staff_a, phrase_id=d.pk, position=5)
    assert outside.value.message_dict == {"position": ["顺序应为 1 至 4 之间的整数。"]}
    assert LedgerEntry.objects.filter(action="org.phrase.move").count() == 3


def test_delete_closes_the_gap(personas):
    a, b, c = _add(personas.staff_a, "甲", "乙", "丙")
    phrase_delete(actor=personas.staff_a, phrase_id=b.pk)
    assert _texts(personas.staff_a) == ["甲", "丙"] and _positions(personas.staff_a) == [1, 2]
    assert LedgerEntry.objects.filter(action="org.phrase.delete", data__text="乙").exists()


def test_another_persons_phrase_does_not_exist_for_me(personas):
    mine = _add(personas.staff_a, "甲", "乙")[1]
    for write in (lambda: phrase_delete(actor=personas.staff_b, phrase_id=mine.pk),
                  lambda: phrase_shift(actor=personas.staff_b, phrase_id=mine.pk, by=-1),
                  lambda: phrase_edit(actor=personas.staff_b, phrase_id=mine.pk, text="改掉")):
        with pytest.raises(Http404):
            write()
    with pytest.raises(Http404):  # 404 before the gate: a marked text on another's phrase records nothing
        phrase_edit(actor=personas.staff_b, phrase_id=mine.pk, text=MARKED)
    assert not UploadRecord.objects.exists()
    assert _texts(personas.staff_a) == ["甲", "乙"]


def test_a_marked_phrase_is_refused_recorded_and_not_kept(personas):
    kept = _add(personas.staff_a, "同意")[0]
    with pytest.raises(UploadRefused):
        phrase_add(actor=personas.staff_a, text=MARKED)
    with pytest.raises(UploadRefused):
        phrase_edit(actor=personas.staff_a, phrase_id=kept.pk, text=MARKED, position=1)
    assert _texts(personas.staff_a) == ["同意"]
    records = UploadRecord.objects.filter(source=Source.TYPED, verdict=Verdict.BLOCKED, person=personas.staff_a)
    assert records.count() == 2 and all(r.purpose == "常用意见" and MARKED not in str(r.reasons) for r in records)
    assert LedgerEntry.objects.filter(action="upload.blocked").count() == 2
    assert not LedgerEntry.objects.filter(action="org.phrase.add", data__text=MARKED).exists()


def test_a_duplicate_or_a_full_list_is_refused_before_the_gate(personas):
    _add(personas.staff_a, *[f"意见{n}" for n in range(Phrase.MAX_PER_PERSON)])
    with pytest.raises(ValidationError) as full:
        phrase_add(actor=personas.staff_a, text=MARKED)
    assert not isinstance(full.value, UploadRefused) and not UploadRecord.objects.exists()


# --- the page ------------------------------------------------------------------------------------

def test_the_page_is_in_the_person_menu_and_works_without_javascript(personas, client, login):
    login(personas.staff_a)
    assert 'href="/accounts/phrases/">我的常用意见</a>' in client.get("/todo/").content.decode()
    response = client.post("/accounts/phrases/", {"text": "拟同意，请领导审定。"}, follow=True)
    assert "已添加常用意见" in response.content.decode()
    client.post("/accounts/phrases/", {"text": "请办公室阅处。"})
    second = Phrase.objects.get(person=personas.staff_a, text="请办公室阅处。")
    page = client.get("/accounts/phrases/").content.decode()
    assert page.index("拟同意，请领导审定。") < page.index("请办公室阅处。")
    assert f'action="/accounts/phrases/{second.pk}/up/"' in page and "<script>" not in page
    assert client.post(f"/accounts/phrases/{second.pk}/up/").status_code == 302
    assert _texts(personas.staff_a) == ["请办公室阅处。", "拟同意，请领导审定。"]
    client.post(f"/accounts/phrases/{second.pk}/down/")
    assert _texts(personas.staff_a) == ["拟同意，请领导审定。", "请办公室阅处。"]
    client.post(f"/accounts/phrases/{second.pk}/delete/")
    assert _texts(personas.staff_a) == ["拟同意，请领导审定。"]
    assert client.get(f"/accounts/phrases/{second.pk}/up/").status_code == 405


def test_the_page_shows_why_a_phrase_was_refused(personas, client, login):
    login(personas.staff_a)
    client.post("/accounts/phrases/", {"text": "同意"})
    twice = client.post("/accounts/phrases/", {"text": "同意"}).content.decode()
    assert "“同意”已在您的常用意见中，无需重复添加。" in twice
    marked = client.post("/accounts/phrases/", {"text": MARKED}).content.decode()
    assert "密级" in marked and MARKED not in _texts(personas.staff_a)


def test_the_page_cannot_touch_another_persons_phrase(personas, client, login):
    theirs = _add(personas.staff_b, "甲", "乙")[1]
    login(personas.staff_a)
    for action in ("up", "down", "delete"):
        assert client.post(f"/accounts/phrases/{theirs.pk}/{action}/").status_code == 404
    assert _texts(personas.staff_b) == ["甲", "乙"]
    assert "乙" not in client.get("/accounts/phrases/").content.decode()


# --- the API -------------------------------------------------------------------------------------

def test_the_api_lists_adds_edits_and_deletes_with_the_same_checks(personas, client, login):
    login(personas.staff_a)
    created = client.post("/api/v1/phrases/", {"text": "拟同意"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["position"] == 1
    client.post("/api/v1/phrases/", {"text": "已阅"}, content_type="application/json")
    listed = client.get("/api/v1/phrases/").json()
    assert [row["text"] for row in listed["results"]] == ["拟同意", "已阅"] and listed["next"] is None
    paged = client.get("/api/v1/phrases/?page_size=1").json()
    assert [row["text"] for row in paged["results"]] == ["拟同意"]
    assert [row["text"] for row in client.get(paged["next"]).json()["results"]] == ["已阅"]

    twice = client.post("/api/v1/phrases/", {"text": "已阅"}, content_type="application/json")
    assert twice.status_code == 400 and twice.json() == {"text": ["“已阅”已在您的常用意见中，无需重复添加。"]}
    marked = client.post("/api/v1/phrases/", {"text": MARKED}, content_type="application/json")
    assert marked.status_code == 400 and "密级" in str(marked.json())

    pk = created.json()["id"]
    moved = client.patch(f"/api/v1/phrases/{pk}/", {"position": 2}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["position"] == 2
    renamed = client.patch(f"/api/v1/phrases/{pk}/", {"text": "拟同意，请领导审定"}, content_type="application/json")
    assert renamed.json()["text"] == "拟同意，请领导审定"
    nothing = client.patch(f"/api/v1/phrases/{pk}/", {}, content_type="application/json")
    assert nothing.status_code == 400 and "text" in nothing.json()["detail"][0]
    wrong = client.patch(f"/api/v1/phrases/{pk}/", {"position": 9}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json() == {"position": ["顺序应为 1 至 2 之间的整数。"]}
    assert client.delete(f"/api/v1/phrases/{pk}/").status_code == 204
    assert _texts(personas.staff_a) == ["已阅"]


def test_the_api_answers_404_for_another_persons_phrase(personas, client, login):
    theirs = _add(personas.staff_b, "甲")[0]
    login(personas.staff_a)
    assert client.get(f"/api/v1/phrases/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/v1/phrases/{theirs.pk}/", {"text": "乙"}, content_type="application/json").status_code == 404
    assert client.delete(f"/api/v1/phrases/{theirs.pk}/").status_code == 404
    assert client.get("/api/v1/phrases/").json()["results"] == []
    assert _texts(personas.staff_b) == ["甲"]
