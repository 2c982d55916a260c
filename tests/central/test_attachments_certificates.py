"""Resumable, hash-checked attachment uploads, and report-signing certificates from the CA."""

from __future__ import annotations

import hashlib
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .conftest import Central


def test_resumable_upload_checked_against_its_hash(central: Central) -> None:
    """An upload resumes from the byte the server reports, and arrives only if the hash matches."""
    user = central.user()
    ids = central.assessment(user)
    session = central.sign_in(user)
    data = uuid.uuid4().bytes * 1000
    sha = hashlib.sha256(data).hexdigest()
    evidence, attachment = str(uuid.uuid4()), str(uuid.uuid4())
    session.push(
        [
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "evidence_item",
                "record_id": evidence,
                "op": "create",
                "fields": {"assessment_id": ids["assessment"], "kind": "policy", "title": "P"},
            },
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "attachment",
                "record_id": attachment,
                "op": "create",
                "fields": {
                    "evidence_item_id": evidence,
                    "file_name": "p.pdf",
                    "size": len(data),
                    "sha256": sha,
                },
            },
        ]
    )
    expected = session.get(f"/api/v1/assessments/{ids['assessment']}/attachments").json()
    assert expected["attachments"] == [
        {"record_id": attachment, "sha256": sha, "size": len(data), "arrived": False}
    ]
    url = f"/api/v1/attachments/{sha}"
    h = session.headers
    first = central.http.put(
        url, content=data[:5000], headers={**h, "Content-Range": f"bytes 0-4999/{len(data)}"}
    )
    assert first.json() == {**first.json(), "received": 5000, "complete": False}
    assert central.http.head(url, headers=h).headers["X-Received-Bytes"] == "5000"
    wrong = central.http.put(
        url, content=data[100:200], headers={**h, "Content-Range": f"bytes 100-199/{len(data)}"}
    )
    assert wrong.status_code == 416 and wrong.headers["X-Received-Bytes"] == "5000"
    rest = central.http.put(
        url,
        content=data[5000:],
        headers={**h, "Content-Range": f"bytes 5000-{len(data) - 1}/{len(data)}"},
    )
    assert rest.status_code == 200 and rest.json()["complete"] is True
    expected = session.get(f"/api/v1/assessments/{ids['assessment']}/attachments").json()
    assert expected["attachments"][0]["arrived"] is True

    liar = hashlib.sha256(b"other").hexdigest()
    bad = central.http.put(f"/api/v1/attachments/{liar}", content=b"not other", headers=h)
    assert bad.status_code == 422 and bad.json()["error"] == "hash_mismatch"
    assert (
        central.http.head(f"/api/v1/attachments/{liar}", headers=h).headers["X-Received-Bytes"]
        == "0"
    )


def test_a_file_someone_else_uploaded_first_is_complete_once_sent_and_secret_before(
    central: Central,
) -> None:
    """Two accounts attach the same bytes. The second is not told the file is there before it
    has sent it (that would tell who holds what), must send every byte, and from then on the
    server says complete, also before its record refers to the file."""
    first_user, second_user = central.user(), central.user()
    first, second = central.sign_in(first_user), central.sign_in(second_user)
    data = uuid.uuid4().bytes * 300
    sha = hashlib.sha256(data).hexdigest()
    url = f"/api/v1/attachments/{sha}"
    assert central.http.put(url, content=data, headers=first.headers).json()["complete"] is True

    def state() -> tuple[str, str]:
        head = central.http.head(url, headers=second.headers).headers
        return head["X-Received-Bytes"], head["X-Upload-Complete"]

    assert state() == ("0", "false")
    half = len(data) // 2
    part = central.http.put(
        url,
        content=data[:half],
        headers={**second.headers, "Content-Range": f"bytes 0-{half - 1}/{len(data)}"},
    )
    assert part.json()["complete"] is False and state() == (str(half), "false")
    rest = central.http.put(
        url,
        content=data[half:],
        headers={**second.headers, "Content-Range": f"bytes {half}-{len(data) - 1}/{len(data)}"},
    )
    assert rest.json()["complete"] is True
    assert state() == (str(len(data)), "true")
    again = central.http.put(url, content=data, headers=second.headers)
    assert again.status_code == 200 and again.json()["complete"] is True


def test_certificate_signed_by_the_ca_with_the_accounts_name(central: Central) -> None:
    """A CSR yields a certificate chained to the downloadable CA, named after the account."""
    user = central.user()
    session = central.sign_in(user)
    key = ec.generate_private_key(ec.SECP256R1())
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Someone Else")]))
        .sign(key, hashes.SHA256())
    )
    r = session.post(
        "/api/v1/certificates",
        json={"csr_pem": csr.public_bytes(serialization.Encoding.PEM).decode()},
    )
    assert r.status_code == 200, r.text
    cert = x509.load_pem_x509_certificate(r.json()["certificate_pem"].encode())
    ca = x509.load_pem_x509_certificate(central.http.get("/api/v1/ca.pem").content)
    cert.verify_directly_issued_by(ca)
    assert cert.subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == user
    assert "Someone Else" not in cert.subject.rfc4514_string()
    bad = session.post("/api/v1/certificates", json={"csr_pem": "-----BEGIN NOTHING-----"})
    assert bad.status_code == 422
