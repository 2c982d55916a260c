"""The local audit trail as the central store receives it: what the hash covers, in seq order,
in batches bounded by count and by size."""

from __future__ import annotations

from sqlalchemy import select

from qpm_desktop.protocol.audit import GENESIS_HASH, first_break
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
