"""A co-assessor's attached files come down with the sync, checked against their hash, so the
evidence is on this computer before the visit; a file that arrives wrong is not kept."""

from __future__ import annotations

import random
from pathlib import Path

from tests.sync.test_sync_basics import _standard_codes


def _two_assessors(central, make_device):  # type: ignore[no-untyped-def]
    lead, co = central.user(), central.user()
    aid = central.assessment(lead, co)["assessment"]
    a = make_device(lead, central.base_url)
    b = make_device(co, central.base_url)
    a.syncing.sync_now()
    b.syncing.sync_now()
    _standard_codes(a, aid)
    return a, b, aid


def _attach(device, aid: str, tmp_path: Path, data: bytes) -> str:  # type: ignore[no-untyped-def]
    rec = device.recording
    item = rec.create_evidence_item(aid, kind="policy", title="Safeguarding policy")
    item_id = item.record_id("evidence_item")
    source = tmp_path / f"policy-{len(data)}.pdf"
    source.write_bytes(data)
    rec.attach_file(item_id, source)
    return item_id


def test_a_co_assessors_file_is_downloaded_and_readable(central_sqlite, make_device, tmp_path):
    a, b, aid = _two_assessors(central_sqlite, make_device)
    data = random.Random(7).randbytes(700_000)  # several download chunks
    _attach(a, aid, tmp_path, data)
    a.syncing.sync_now()
    summary = b.syncing.sync_now()
    assert summary.downloaded == 1 and summary.file_problems == ()
    [item] = [i for i in b.services.queries.evidence_items(aid) if i.title == "Safeguarding policy"]
    [attachment] = item.attachments
    out = tmp_path / "opened.pdf"
    b.services.queries.export_attachment(attachment.id, out)
    assert out.read_bytes() == data
    assert "not downloaded" not in " ".join(b.syncing.readiness().problems)
    assert b.syncing.sync_now().downloaded == 0  # nothing fetched twice


def test_a_file_not_uploaded_yet_waits_and_a_wrong_file_is_not_kept(
    central_sqlite, make_device, tmp_path
):
    a, b, aid = _two_assessors(central_sqlite, make_device)
    data = random.Random(8).randbytes(50_000)
    _attach(a, aid, tmp_path, data)
    real_chunks = a.syncing.replica.file_chunks
    a.syncing.replica.file_chunks = lambda sha: None  # the record travels, the file does not
    a.syncing.sync_now()
    a.syncing.replica.file_chunks = real_chunks
    first = b.syncing.sync_now()
    assert first.downloaded == 0 and first.file_problems == ()
    assert any("not downloaded" in p for p in b.syncing.readiness().problems)
    # A's next sync sees that the server still expects the file, and sends it; then the
    # file is altered on the server: the download is refused and nothing is kept.
    assert a.syncing.sync_now().uploaded == 1
    assert b.syncing.replica.missing_files()
    [sha] = b.syncing.replica.missing_files()
    blob = central_sqlite.data_dir / "blobs" / sha[:2] / sha
    assert blob.read_bytes() == data
    blob.write_bytes(bytes([data[0] ^ 0xFF]) + data[1:])  # one byte changed, whatever it was
    second = b.syncing.sync_now()
    assert second.downloaded == 0 and len(second.file_problems) == 1
    assert b.syncing.replica.missing_files() == [sha]
    blob.write_bytes(data)
    assert b.syncing.sync_now().downloaded == 1
    assert b.syncing.replica.missing_files() == []
