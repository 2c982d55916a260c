"""The local audit trail as the central store receives it: what the hash covers, in seq order,
in batches bounded by count and by size."""

from __future__ import annotations

from sqlalchemy import select

from qpm_desktop.protocol.audit import GENESIS_HASH, first_break
from qpm_desktop.protocol.messages import AuditTrailPush
from qpm_desktop.store import audit_trail
from qpm_desktop.store.tables import AuditEntry


def test_the_wire_entries_carry_the_chain_the_central_store_checks(services) -> None:
    """Every entry of the demo copy, sent as the wire form, checks out with the shared
    function from the genesis hash on (the same hashes the local check computes)."""
    with services.store.read() as s:
        head = audit_trail.head_seq(s)
        entries = audit_trail.entries_after(s, 0, limit=head + 10, max_bytes=1 << 40)
        hashes = list(s.scalars(select(AuditEntry.hash).order_by(AuditEntry.seq)))
    assert head > 10 and [e.seq for e in entries] == list(range(1, head + 1))
    assert first_break(0, GENESIS_HASH, entries) == (head, None)
    assert [e.hash for e in entries] == hashes


def test_a_batch_is_bounded_by_count_and_by_size(services) -> None:
    with services.store.read() as s:
        head = audit_trail.head_seq(s)
        assert [e.seq for e in audit_trail.entries_after(s, 3, limit=4)] == [4, 5, 6, 7]
        one = audit_trail.entries_after(s, 0, limit=100, max_bytes=1)
        assert [e.seq for e in one] == [1]  # at least one, however large
        some = audit_trail.entries_after(s, 0, limit=head, max_bytes=4000)
        assert 1 < len(some) < head
        assert audit_trail.entries_after(s, head, limit=100) == []


def test_the_encoded_batch_is_the_wire_entries_as_sent(services) -> None:
    """The body a sync sends (fields before and after copied as stored, not decoded and encoded
    again) parses into exactly the wire entries, so the central store checks the same chain;
    bounded by count and size as the entries are."""
    with services.store.read() as s:
        head = audit_trail.head_seq(s)
        entries = audit_trail.entries_after(s, 0, limit=head + 10, max_bytes=1 << 40)
        encoded = audit_trail.encoded_after(s, 0, limit=head + 10, max_bytes=1 << 40)
        assert encoded is not None
        body = AuditTrailPush.model_validate_json(encoded.body)
        assert (encoded.count, encoded.last_seq) == (head, head)
        assert body.entries == entries
        assert first_break(0, GENESIS_HASH, body.entries) == (head, None)
        four = audit_trail.encoded_after(s, 3, limit=4)
        assert four is not None and (four.count, four.last_seq) == (4, 7)
        one = audit_trail.encoded_after(s, 0, limit=100, max_bytes=1)
        assert one is not None and (one.count, one.last_seq) == (1, 1)
        some = audit_trail.encoded_after(s, 0, limit=head, max_bytes=4000)
        assert some is not None and 1 < some.count < head
        assert audit_trail.encoded_after(s, head, limit=100) is None
