#!/usr/bin/env bash
# Install the Linux bundle for the current user: the app menu entry, icons and a `qpm-desktop`
# command. Run it from the unpacked bundle or give the bundle folder:
#
#   packaging/linux/install.sh [BUNDLE_DIR]      (default: dist/qpm-desktop)
#   packaging/linux/install.sh --uninstall
#
# Files go under ~/.local (XDG): the bundle to ~/.local/lib/qpm-desktop, the command to
# ~/.local/bin, the .desktop file and icons to ~/.local/share. The assessor's data
# (~/.local/share/qpm-desktop) and settings (~/.config/QPM Desktop) are never touched, not even by
# --uninstall.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/qpm-desktop"
BIN="$HOME/.local/bin"
APPS="$DATA_HOME/applications"
ICONS="$DATA_HOME/icons/hicolor"

if [[ "${1:-}" == "--uninstall" ]]; then
  rm -rf -- "$LIB"
  rm -f -- "$BIN/qpm-desktop" "$APPS/qpm-desktop.desktop"
  find "$ICONS" -name 'qpm-desktop.*' -delete 2>/dev/null || true
  echo "QPM Desktop removed (your data and settings are kept)."
  exit 0
fi

BUNDLE="$(cd -- "${1:-$ROOT/dist/qpm-desktop}" && pwd -P)"
[[ -x "$BUNDLE/qpm-desktop" ]] || { echo "error: no bundle at $BUNDLE" >&2; exit 1; }
RES="$BUNDLE/_internal/resources"

mkdir -p -- "$LIB" "$BIN" "$APPS"
rm -rf -- "$LIB.new" && cp -a -- "$BUNDLE" "$LIB.new" && rm -rf -- "$LIB" && mv -- "$LIB.new" "$LIB"
ln -sf -- "$LIB/qpm-desktop" "$BIN/qpm-desktop"
sed "s|^Exec=.*|Exec=$LIB/qpm-desktop|; s|^TryExec=.*|TryExec=$LIB/qpm-desktop|" \
  "$RES/linux/qpm-desktop.desktop" >"$APPS/qpm-desktop.desktop"
for png in "$RES"/icons/qpm-desktop-*.png; do
  size="${png##*-}"; size="${size%.png}"
  mkdir -p -- "$ICONS/${size}x${size}/apps"
  cp -- "$png" "$ICONS/${size}x${size}/apps/qpm-desktop.png"
done
mkdir -p -- "$ICONS/scalable/apps" && cp -- "$RES/icons/qpm-desktop.svg" "$ICONS/scalable/apps/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$ICONS" || true
echo "QPM Desktop installed: $LIB (menu entry: QPM Desktop; command: $BIN/qpm-desktop)"
