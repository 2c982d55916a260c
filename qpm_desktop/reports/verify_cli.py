"""``qpm-desktop verify REPORT.pdf --ca QPM-CA.pem [--crl QPM-CA.crl]``: check a signed report,
exit 0 only if valid. It also says when the report was timestamped and whether validation data
are embedded; a revocation list (the central store's ``/api/v1/ca.crl``, or one embedded in the
report) makes a revoked signer's signature not valid.

Wiring in the CLI is one line: ``sub.add_parser("verify", add_help=False)`` and
``return verify_main(rest)`` with the arguments after ``verify``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from qpm_desktop.reports.verify import load_ca_certificates, verify_pdf

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qpm-desktop verify",
        description=(
            "Check a signed QPM visit report: who signed it and when, whether it is intact and "
            "covers the whole file, and whether each certificate chains to the QPM CA. Exit "
            "status 0 only if every signature is valid."
        ),
    )
    parser.add_argument("report", type=Path, help="the signed report (PDF)")
    parser.add_argument(
        "--ca",
        type=Path,
        required=True,
        action="append",
        help="the QPM CA certificate (PEM or DER); repeat for more than one",
    )
    parser.add_argument(
        "--crl",
        type=Path,
        action="append",
        default=[],
        help="the QPM CA's revocation list (DER or PEM, from the central store's ca.crl); "
        "lists embedded in the report are used too",
    )
    return parser


def verify_main(argv: Sequence[str], out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as e:
        return int(e.code or 0) and EXIT_USAGE
    try:
        data = args.report.read_bytes()
        cas = [c for path in args.ca for c in load_ca_certificates(path.read_bytes())]
        crls = [path.read_bytes() for path in args.crl]
    except (OSError, ValueError) as e:
        print(f"Cannot read the input: {e}", file=out)
        return EXIT_USAGE
    result = verify_pdf(data, cas, crls=crls)
    print(f"Report: {args.report}", file=out)
    for line in result.lines():
        print(line, file=out)
    return EXIT_VALID if result.valid else EXIT_INVALID


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(verify_main(sys.argv[1:]))
