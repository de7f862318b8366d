"""The printed document: GB/T 9704-2012 red-header layout as PDF (WeasyPrint) and DOCX (python-docx).

pdf.render_pdf(document) and docx.render_docx(document) return bytes; layout holds the numbers,
context what is printed, fonts the font chains, fetcher what WeasyPrint may read, seal the seal,
checks the start-up check, bench the rendering benchmark.
"""
