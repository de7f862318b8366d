"""What a refused step keeps of the person's input, for the page shown again with it: nothing typed, chosen
or drawn is lost because the password was missing or a person was not chosen."""

from django.core.exceptions import ValidationError

from documents.services.flow import decode_signature


def kept_signature(data_url: str) -> str:
    """The handwriting as posted, to be put back on the pad — only a drawing the step itself would accept
    (a PNG data URL within the size limit); anything else is dropped and the person draws again."""
    try:
        return data_url if decode_signature(data_url or "") else ""
    except ValidationError:
        return ""
