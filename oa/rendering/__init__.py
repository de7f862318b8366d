"""The rendering kit shared by every printed output (the red-header document, the usage bulletin and
its charts, the trial's usage reports): fonts the font chains and the licensed-font folder, fetcher
what WeasyPrint may read, pdf the WeasyPrint helper (per-thread font configuration, cached
stylesheets), checks the start-up check (libharfbuzz-subset, a CJK font).

What is particular to 公文 — the GB/T 9704 layout, the document's context, the seal, the DOCX — is in
documents/rendering.
"""
