"""The portal's rich text offers text only: no image, embed or document (docs/security.md, "Files").

Wagtail's images and documents are files under /media/, which no route serves, and they would pass
neither the upload gate nor the 密级 checks; an embed would pull another site into the portal.
"""

from django.apps import apps
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

FILE_FEATURES = {"image", "embed", "document-link"}


def _stream_features(block, where):
    if isinstance(block, blocks.RichTextBlock):
        yield where, set(block.field.widget.features)
    for name, child in getattr(block, "child_blocks", {}).items():
        yield from _stream_features(child, f"{where}.{name}")
    if isinstance(block, blocks.ListBlock):
        yield from _stream_features(block.child_block, f"{where}[]")


def _rich_text_features():
    for model in apps.get_app_config("portal").get_models():
        for field in model._meta.get_fields():
            where = f"{model.__name__}.{field.name}"
            if isinstance(field, RichTextField):
                yield where, set(field.formfield().widget.features)
            elif isinstance(field, StreamField):
                yield from _stream_features(field.stream_block, where)


def test_the_portal_has_rich_text_to_check():
    assert {"HelpCentrePage.body", "FaqPage.questions.question.answer"} <= {where for where, _ in _rich_text_features()}


def test_no_portal_rich_text_offers_an_image_an_embed_or_a_document():
    offered = {where: features & FILE_FEATURES for where, features in _rich_text_features()}
    assert {where: found for where, found in offered.items() if found} == {}
