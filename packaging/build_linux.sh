#!/usr/bin/env bash
# Build the Linux one-folder bundle into dist/qpm-desktop/ (and a .tar.gz of it beside).
#
#   packaging/build_linux.sh            # uses .venv (created by ./dev setup)
#   QPM_VENV=/path/to/venv packaging/build_linux.sh
#
# Installs PyInstaller into the venv when missing. Work files go to build/pyinstaller/.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV="${QPM_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"
PYINSTALLER_SPEC="${QPM_PYINSTALLER_SPEC:-pyinstaller>=6.10}"

[[ -x "$PY" ]] || { echo "error: no Python at $PY; run ./dev setup first" >&2; exit 1; }
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
  echo "==> installing $PYINSTALLER_SPEC into $VENV" >&2
  "$PY" -m pip install -q --disable-pip-version-check "$PYINSTALLER_SPEC"
fi
# The bundle must be made from the tree as it is, so the package itself has to be importable.
"$PY" -c 'import qpm_desktop' || { echo "error: qpm_desktop not importable from $PY" >&2; exit 1; }

cd -- "$ROOT"
start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
  packaging/qpm-desktop.spec
version="$("$PY" -c 'import qpm_desktop; print(qpm_desktop.__version__)')"
if [[ "${QPM_BUNDLE_TARBALL:-1}" == 1 ]]; then
  tar -C "$ROOT/dist" -czf "$ROOT/dist/qpm-desktop-$version-linux-$(uname -m).tar.gz" qpm-desktop
fi
echo "==> built dist/qpm-desktop/ ($(du -sh "$ROOT/dist/qpm-desktop" | cut -f1)) in $(( $(date +%s) - start )) s" >&2
