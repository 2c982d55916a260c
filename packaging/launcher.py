"""The frozen app's entry point: PyInstaller runs this file as ``__main__``.

It hands everything to the composition root (``qpm_desktop.cli.main``), exactly like the
``qpm-desktop`` console script of a source install, so the bundle and the source tree behave the
same way.

One exception, until cli.py wires it (see packaging/README.md): ``self-test`` runs
``qpm_desktop.ui.app.self_test`` on the demo copy, for the bundle's smoke test and
packaging/measure.py. Once ``cli.py`` has a ``self-test`` subcommand (``cmd_self_test``) this
branch steps aside by itself.
"""

from __future__ import annotations

import sys


def main() -> int:
    import os

    # A windowed build on Windows (and a macOS app started from Finder) has no stdout/stderr;
    # printing would raise, so point them at the null device.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

    from qpm_desktop import cli

    argv = sys.argv[1:]
    if argv[:1] == ["self-test"] and not hasattr(cli, "cmd_self_test"):
        from qpm_desktop.locations import user_data_dir
        from qpm_desktop.model import demo
        from qpm_desktop.ui.app import self_test

        data_dir = user_data_dir() / cli.DEMO_FOLDER
        return self_test(data_dir, actor=demo.LEAD_ASSESSOR, argv=[sys.argv[0], *argv[1:]])
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main())
