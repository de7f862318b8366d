"""`screen()` within the caps the gate uses: the settings, read at each call (so `settings` overrides apply)."""

from oa.uploads.limits import current_limits
from oa.uploads.screening import verdict


def screen(**kwargs):
    return verdict.screen(limits=current_limits(), **kwargs)
