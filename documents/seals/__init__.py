"""The electronic seal (电子印章): PAdES signatures on the dispatched PDF with the issuing organ's key.

- settings.py  where the keys live (OA_SEAL_*), read at call time
- ca.py        the information center's internal CA: a demo root and one certificate per organ
- keys.py      an organ's signing key: PKCS#12 files under OA_SEAL_DIR or a PKCS#11 token
- signer.py    the pluggable interface (sign / verify) and the PAdES implementation (pyHanko)
- appearance.py the seal drawing (documents.rendering.seal) as the signature's appearance
- verify.py    what a verification says, in Chinese
- document.py  the glue: sign a dispatched document's PDF once per version, record its SHA-256

See docs/seals.md (and what a GB/T 38540 SM2/SM3 seal would need).
"""
