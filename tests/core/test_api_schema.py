"""The OpenAPI schema generates without a single warning: every endpoint is described, every
enum has its own name (a collision is fixed in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"])."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_schema_generates_without_warnings():
    out, err = io.StringIO(), io.StringIO()
    call_command("spectacular", "--fail-on-warn", "--validate", stdout=out, stderr=err)
    assert "openapi: 3" in out.getvalue()
    assert "Warning" not in err.getvalue(), err.getvalue()
