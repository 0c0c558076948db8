"""上报 seals the submission once: the snapshot, the PDF and the workbook carry the one fingerprint."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import short_fingerprint
from desktop_app.exporters.xlsx import read_submission


def test_submit_computes_the_fingerprint_once_and_every_file_carries_it(service: Any, monkeypatch: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:  # fmt: skip
    import desktop_app.domain.submission as submission_module
    from desktop_app.services import lifecycle

    computed: list[str] = []
    original = submission_module.fingerprint

    def counted(pack: FormPack, submission: Any) -> str:
        computed.append(submission.period)
        return original(pack, submission)

    monkeypatch.setattr(submission_module, "fingerprint", counted)
    result = lifecycle.submit(service, out_dir=tmp_path / "out")
    assert computed == [result.period]  # sealed at 上报; the snapshot, the PDF and the workbook read it
    assert result.pdf is not None and result.xlsx is not None
    text = "".join(page.extract_text() or "" for page in PdfReader(result.pdf).pages)
    assert short_fingerprint(result.fingerprint) in re.sub(r"\s+", "", text)
    monkeypatch.setattr(submission_module, "fingerprint", original)
    assert read_submission(result.xlsx, service.pack).fingerprint == result.fingerprint
