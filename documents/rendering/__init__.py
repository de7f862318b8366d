"""The printed document: GB/T 9704-2012 red-header layout as PDF (WeasyPrint) and DOCX (python-docx).

pdf.render_pdf(document) and docx.render_docx(document) return bytes; layout holds the numbers,
context what is printed, docx_page the DOCX page (base document, page setup, run and paragraph
helpers), seal the seal, bench the rendering benchmark. The fonts, the safe URL
fetcher, the WeasyPrint helper and the start-up check are the shared kit in oa/rendering.
"""
