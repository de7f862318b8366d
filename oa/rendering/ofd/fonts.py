"""The fonts of an OFD: one <Font> per face WeasyPrint chose (family, weight, style, from Pango), named by its
family so that a reader can substitute, and embedded as a subset (HarfBuzz, only the characters used, with
their cmap) so that the file shows the same glyphs everywhere."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontKey:
    family: str
    bold: bool
    italic: bool
    face: int  # id() of the hb_face: two families may resolve to one file, one family to two faces


class FontSet:
    def __init__(self):
        self.keys: dict[int, FontKey] = {}  # pango font pointer → key
        self.faces: dict[FontKey, object] = {}  # key → hb_face
        self.used: dict[FontKey, set[str]] = {}

    def key(self, pango_font) -> FontKey:
        from weasyprint.text.ffi import ffi, pango
        from weasyprint.text.fonts import get_pango_font_hb_face

        pointer = int(ffi.cast("intptr_t", pango_font))
        found = self.keys.get(pointer)
        if found is not None:
            return found
        description = pango.pango_font_describe_with_absolute_size(pango_font)
        family = ffi.string(pango.pango_font_description_get_family(description)).decode()
        weight = pango.pango_font_description_get_weight(description)
        style = pango.pango_font_description_get_style(description)
        pango.pango_font_description_free(description)
        face = get_pango_font_hb_face(pango_font)
        found = FontKey(family, weight >= 600, bool(style), int(ffi.cast("intptr_t", face)))
        self.keys[pointer] = found
        self.faces.setdefault(found, face)
        return found

    def use(self, key: FontKey, text: str):
        self.used.setdefault(key, set()).update(text)

    def subset(self, key: FontKey) -> tuple[bytes, str] | None:
        """(font file, extension) holding the characters used in `key`, or None when HarfBuzz cannot."""
        from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset
        from weasyprint.text.fonts import get_hb_object_data

        face = self.faces.get(key)
        chars = sorted({ord(ch) for ch in self.used.get(key, ()) if not ch.isspace()} | {0x20})
        if face is None or not harfbuzz_subset:
            return None
        request = ffi.gc(harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy)
        if request == ffi.NULL:
            return None
        unicodes = harfbuzz_subset.hb_subset_input_set(request, harfbuzz_subset.HB_SUBSET_SETS_UNICODE)
        array = ffi.new(f"hb_codepoint_t[{len(chars)}]", chars)
        harfbuzz.hb_set_add_sorted_array(unicodes, array, len(chars))
        harfbuzz_subset.hb_subset_input_set_flags(
            request, harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE | harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING)
        result = harfbuzz_subset.hb_subset_or_fail(face, request)
        if result == ffi.NULL:
            return None
        result = ffi.gc(result, harfbuzz.hb_face_destroy)
        data = get_hb_object_data(result)
        if not data:
            return None
        return data, ("otf" if data[:4] == b"OTTO" else "ttf")
