"""发文 rendering: `sample(...)`, the sample document the DOCX and PDF tests measure."""

import pytest

from documents.rendering.bench import create_sample_document


@pytest.fixture
def sample(personas):
    """sample(**overrides) -> a numbered, signed, sealed, urgent 3-page notice from department A to B,
    copied to the info center."""

    def _sample(**overrides):
        return create_sample_document(
            issuer=personas.dept_a, drafter=personas.staff_a, main=[personas.dept_b], copy=[personas.info_dept],
            **{"signer": personas.leader_a, "organ_mark": "甲局文件", "number_code": "韶甲", "signature_name": "甲局",
               "printing_org": "甲局办公室", **overrides},
        )

    return _sample
