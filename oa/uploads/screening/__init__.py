"""The gate's pure screening: bytes in, verdict out (`verdict.screen`). No Django, no database."""
