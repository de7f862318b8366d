"""The demo CA for `seed_demo` (and `make run`): sealing works out of the box."""

from __future__ import annotations


def seed_seal_certificates() -> int:
    """The demo root when missing and a certificate for every active organ without one; the number issued."""
    from documents.seals.keys import ensure_demo_ca
    from oa.org.models import Department

    _, issued = ensure_demo_ca(Department.objects.filter(is_active=True).order_by("pk"))
    return issued
