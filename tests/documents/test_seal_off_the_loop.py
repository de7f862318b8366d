"""pyHanko runs its own event loop: signing and verifying must also work when called from a thread whose loop is
running (as when a test driving Playwright's sync API seeds the demo city, which files and so seals documents)."""

import asyncio
import io

from pypdf import PdfWriter

from documents.seals.signer import PadesSigner, SealPlace, off_the_loop


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_off_the_loop_runs_inline_without_a_loop_and_in_a_thread_under_one():
    import threading

    here = threading.get_ident()
    assert off_the_loop(threading.get_ident) == here

    async def under_a_loop():
        return off_the_loop(threading.get_ident), off_the_loop(lambda: asyncio.run(asyncio.sleep(0, result="ran")))

    elsewhere, ran = asyncio.run(under_a_loop())
    assert elsewhere != here and ran == "ran"


def test_a_seal_signed_and_verified_from_inside_a_running_loop():
    place = SealPlace(slug="sfb", name="韶关市人民政府办公室", page=0, box=(100, 100, 220, 220))

    async def under_a_loop():
        signer = PadesSigner()
        signed = signer.sign(blank_pdf(), place)
        return signer.verify(signed)

    verification = asyncio.run(under_a_loop())
    assert len(verification.signatures) == 1 and verification.signatures[0].intact and verification.signatures[0].valid
