"""The assessment digest: one hash both sides compute to check that they agree after a sync.

It covers every record of one assessment (the assessment itself and every record that belongs
to it, tombstones included; not the organisation and its teams, which several assessments
share). Each record contributes ``[entity, id, fields]`` with exactly the entity's wire fields
(a missing field counts as its wire default); the records are sorted by (entity, id) and the
SHA-256 is taken over the canonical JSON of that list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from qpm_desktop.model.jsoncodec import canonical_bytes
from qpm_desktop.protocol.entities import ENTITY_SPECS


def normalise_fields(entity: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Exactly the entity's wire fields, missing ones filled with their wire defaults."""
    spec = ENTITY_SPECS[entity]
    if all(name in fields for name in spec.fields):  # the usual case: nothing to fill in
        return {name: fields[name] for name in spec.fields}
    defaults = spec.defaults()
    return {name: fields.get(name, defaults[name]) for name in spec.fields}


def assessment_digest(records: Iterable[tuple[str, str, Mapping[str, Any]]]) -> str:
    """SHA-256 (hex) of the records ``(entity, id, fields)`` of one assessment.

    The hash is fed one record at a time: exactly the bytes of the canonical JSON of the whole
    sorted list, without building it in one piece (thousands of records would hold the
    interpreter in one long call, and the window's event loop with it)."""
    items = sorted(records, key=lambda item: (item[0], item[1]))
    digest = hashlib.sha256(b"[")
    for index, (entity, record_id, fields) in enumerate(items):
        if index:
            digest.update(b",")
        item = [entity, record_id, normalise_fields(entity, fields)]
        digest.update(canonical_bytes(item))
    digest.update(b"]")
    return digest.hexdigest()


def mutation_content_sha256(
    entity: str, record_id: str, op: str, base_version: int | None, fields: Mapping[str, Any]
) -> str:
    """The hash that tells a resent mutation (same content) from a reused id (other content)."""
    content = {
        "entity": entity,
        "record_id": record_id,
        "op": op,
        "base_version": base_version,
        "fields": dict(fields),
    }
    return hashlib.sha256(canonical_bytes(content)).hexdigest()
