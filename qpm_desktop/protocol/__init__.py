"""The sync protocol shared by the desktop app and the central store.

Only constants, wire models (``messages``), the entity catalogue (``entities``) and the
assessment digest (``digest``) live here: no I/O, no database, so both sides import the same
definitions and cannot disagree about what travels.
"""

from __future__ import annotations

#: Bumped when a change to the wire format would break an older client or server.
PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOL_VERSIONS: tuple[int, ...] = (1,)

API_PREFIX = "/api/v1"

PATH_HEALTH = f"{API_PREFIX}/health"
PATH_TOKEN = f"{API_PREFIX}/auth/token"
PATH_REFRESH = f"{API_PREFIX}/auth/refresh"
PATH_LOGOUT = f"{API_PREFIX}/auth/logout"
PATH_PULL = f"{API_PREFIX}/sync/pull"
PATH_PUSH = f"{API_PREFIX}/sync/push"
PATH_DIGEST = f"{API_PREFIX}/assessments/{{assessment_id}}/digest"
PATH_EXPECTED_ATTACHMENTS = f"{API_PREFIX}/assessments/{{assessment_id}}/attachments"
PATH_ATTACHMENT = f"{API_PREFIX}/attachments/{{sha256}}"
PATH_CERTIFICATES = f"{API_PREFIX}/certificates"
PATH_CA = f"{API_PREFIX}/ca.pem"
#: The CA's certificate revocation list (GET, DER, no sign-in needed, like the CA certificate).
PATH_CRL = f"{API_PREFIX}/ca.crl"
#: The store's RFC 3161 time-stamping authority (POST application/timestamp-query, signed in).
PATH_TIMESTAMP = f"{API_PREFIX}/timestamp"
PATH_AUDIT = f"{API_PREFIX}/admin/audit"
#: The signed reports of an assessment (GET: the list) and one of them by its SHA-256 (PUT: the
#: PDF, verified before it is accepted; GET: the PDF back).
PATH_REPORTS = f"{API_PREFIX}/assessments/{{assessment_id}}/reports"
PATH_REPORT = f"{API_PREFIX}/assessments/{{assessment_id}}/reports/{{sha256}}"
#: A device's audit trail (POST: the next entries of its hash chain, from the device itself;
#: GET: what the central store holds) and the audit trail of one assessment's records (GET).
PATH_DEVICE_AUDIT_TRAIL = f"{API_PREFIX}/devices/{{device_id}}/audit-trail"
PATH_ASSESSMENT_AUDIT_TRAIL = f"{API_PREFIX}/assessments/{{assessment_id}}/audit-trail"

HEADER_PROTOCOL = "X-QPM-Protocol"
HEADER_CLIENT_VERSION = "X-QPM-Client-Version"
HEADER_SERVER_TIME = "X-Server-Time"

#: Most mutations one push may carry; the client sends more in several pushes.
MAX_PUSH_BATCH = 1000
#: Most audit entries one audit-trail push may carry.
MAX_AUDIT_BATCH = 1000
#: Most records one pull page may hold.
MAX_PULL_LIMIT = 1000
DEFAULT_PULL_LIMIT = 500
#: Largest JSON request body the central store reads.
MAX_JSON_BODY_BYTES = 8 * 1024 * 1024
#: Largest piece of an attachment sent in one PUT.
MAX_ATTACHMENT_CHUNK_BYTES = 16 * 1024 * 1024
#: Largest signed report (PDF) accepted in one PUT.
MAX_REPORT_BYTES = 16 * 1024 * 1024
