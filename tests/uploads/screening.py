"""`screen()` within the caps the gate uses: the settings, read at each call (so `settings` overrides apply),
and `blocked()`, which says a result is blocked for reasons containing every fragment."""

from oa.uploads.limits import current_limits
from oa.uploads.screening import verdict


def screen(**kwargs):
    return verdict.screen(limits=current_limits(), **kwargs)


def blocked(result, *fragments):
    assert result.verdict == "blocked", result
    text = "".join(result.reasons)
    for fragment in fragments:
        assert fragment in text, (fragment, result.reasons)
    return result
