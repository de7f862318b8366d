"""Form helpers shared by every app."""


class BootstrapFormMixin:
    """Give every widget Bootstrap's classes so templates can render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            css = "form-check-input" if kind in ("checkbox", "radio") else "form-select" if kind == "select" else "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
