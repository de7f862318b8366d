"""Archive packages (归档包) for one 件 and for a batch, and their 四性检测 — a library with no models.

A 件's package is one ZIP file (entries STORED, UTF-8 names, fixed order and times, so the same input
gives the same bytes):

    manifest.json          every other entry: path, role, media type, size, SHA-256 (parts.py)
    metadata.xml           文书类电子文件元数据, DA/T 46-2009 element names (metadata.py)
    content/document.pdf   the archived document (归档章 on page 1)
    content/rendition-NN.* further renditions (OFD …), each with its own media type
    attachments/NN.ext     every 附件, the original name kept in the manifest and the metadata
    trail/trail.pdf        the approval trail as printed (处理笺/稿纸)
    trail/trail.json       the same trail, machine-readable
    ledger/segment.json    the ledger entries about the document, the chain's links from the first of
                           them to the checkpoint that covers them, and that checkpoint (ledger.py)

A batch package is a ZIP of 件 packages (items/NN.zip, STORED) with batch.json (each package's size,
SHA-256, manifest SHA-256, 档号 and 题名) and each package's 四性检测 report as built (reports/NN.json).
build.py writes both; checks.py runs the 四性检测 (真实性, 完整性, 可用性, 安全性) and report.py holds its
result and its readable Chinese page and PDF. docs/archiving.md says why ZIP and what is not covered.
"""
