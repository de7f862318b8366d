"""Wagtail's admin speaks Simplified Chinese: our catalog (locale/zh_Hans) fills what Wagtail's own lacks."""

import gettext
import re
from pathlib import Path

import pytest
import wagtail
from django.conf import settings

from oa.portal.seed import seed_portal

OUR_CATALOG = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent


def _msgids(po: Path) -> set[str]:
    """Every msgid of a .po file (as written there, escapes and all), the header's empty one left out."""
    ids = set()
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if match:
            ids.add("".join(re.findall(r'"(.*)"', match.group(1))))
    ids.discard("")
    return ids


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_string_has_a_chinese_translation(domain):
    """Wagtail's English catalogs list every string; each is in Wagtail's zh_Hans catalog or ours. Fails when an
    upgrade brings new English (add the strings to locale/zh_Hans and compile)."""
    ours = _msgids(OUR_CATALOG / f"{domain}.po")
    missing = []
    for english in WAGTAIL.glob(f"**/locale/en/LC_MESSAGES/{domain}.po"):
        chinese = Path(str(english).replace("/en/", "/zh_Hans/"))
        theirs = _msgids(chinese) if chinese.exists() else set()
        missing += [msgid for msgid in _msgids(english) - theirs - ours]
    assert missing == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalog_matches_its_source(domain):
    """The .mo Django reads holds every entry of the .po, in Chinese (someone edited the .po and forgot to compile)."""
    compiled = gettext.GNUTranslations((OUR_CATALOG / f"{domain}.mo").open("rb"))._catalog
    keys = {key[0] if isinstance(key, tuple) else key for key in compiled}
    written = {msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
               for msgid in _msgids(OUR_CATALOG / f"{domain}.po")}
    assert written - keys == set()
    for key, text in compiled.items():
        if key:  # each translation, its placeholders and tags aside, has no English word but these names
            words = set(re.findall(r"[A-Za-z]+", re.sub(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", "", text)))
            assert words <= {"Wagtail", "JavaScript", "v"}, (key, text)


@pytest.mark.django_db
def test_the_dashboard_and_page_explorer_show_no_english(personas, client, login):
    home = seed_portal()
    login(personas.info_center)
    for path in ("/cms/", f"/cms/pages/{home.pk}/"):
        body = client.get(path).content.decode()
        text = re.sub(r"<(script|svg|template)\b.*?</\1>|<[^>]+>", " ", body, flags=re.S)
        for english in ("Pages", "created in", "Keyboard shortcuts", "Section", "Save changes", "Text formatting"):
            assert english not in text, (path, english)
    dashboard = client.get("/cms/").content.decode()
    assert re.search(r"\d+ 个页面", dashboard)


# Wagtail writes a few words straight into its templates, outside gettext: a screen reader's "Search" button and
# the "Actions" label of a page's header buttons. templates/wagtailadmin/ holds copies of those templates with only
# these words in Chinese; each copy must stay Wagtail's template but for them (an upgrade that changes one fails
# here: copy the new version and put the words back in Chinese).
OVERRIDES = {
    "home.html": [('value="Search"', 'value="搜索"')],
    "shared/header.html": [('value="Search"', 'value="搜索"')],
    "shared/headers/_actions.html": [('aria-label="Actions"', 'aria-label="操作"')],
}


@pytest.mark.parametrize("name", sorted(OVERRIDES))
def test_the_overridden_wagtail_templates_differ_only_in_their_english_words(name):
    upstream = (WAGTAIL / "admin" / "templates" / "wagtailadmin" / name).read_text(encoding="utf-8")
    ours = (Path(settings.BASE_DIR) / "templates" / "wagtailadmin" / name).read_text(encoding="utf-8")
    for english, chinese in OVERRIDES[name]:
        assert english in upstream, (name, english)
        upstream = upstream.replace(english, chinese)
    assert ours == upstream
