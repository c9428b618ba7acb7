#!/bin/sh
# Installs Zhiku for you alone, without root: the program in
# ~/.local/lib/zhiku (linked from ~/.local/bin/zhiku), its menu entry and
# icons in ~/.local/share. Run it again to update; run
#   ~/.local/lib/zhiku/uninstall.sh     (or ./install.sh --uninstall)
# to remove it. Your knowledge bases, chats and settings (~/.config/zhiku)
# and downloaded models stay either way.
set -eu

app_id=@APP_ID@
here=$(cd "$(dirname "$0")" && pwd)
# The XDG base directory specification says a relative path is invalid
# and to be ignored.
case "${XDG_DATA_HOME:-}" in
  /*) data_home=$XDG_DATA_HOME ;;
  *) data_home=$HOME/.local/share ;;
esac
lib_dir=$HOME/.local/lib/zhiku
program=$lib_dir/zhiku
bin_link=$HOME/.local/bin/zhiku
desktop=$data_home/applications/$app_id.desktop
metainfo=$data_home/metainfo/$app_id.metainfo.xml
icons=$data_home/icons/hicolor

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# refresh tells the desktop about a changed menu and icons. The icon cache
# is only brought up to date where one exists: a cache made here would
# hide the icons of other programs installed later without one.
refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$data_home/applications" 2>/dev/null || true
  fi
  if [ -f "$icons/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
  fi
}

# ours_link says whether ~/.local/bin/zhiku is the link this script made.
ours_link() { [ -L "$bin_link" ] && [ "$(readlink "$bin_link")" = "$program" ]; }

# Only the files this script installs, by their names, are ever removed.
remove_installed() {
  rm -f "$program" "$desktop" "$metainfo" "$lib_dir/uninstall.sh"
  rm -f "$icons"/*/apps/"$app_id".png
  if ours_link; then rm -f "$bin_link"; fi
  rmdir "$lib_dir" 2>/dev/null || true
}

uninstall() {
  [ -e "$program" ] || [ -e "$desktop" ] || fail "Zhiku is not installed for $(id -un) ($program is not there)"
  remove_installed
  refresh
  say "Zhiku is removed. Your data in ${XDG_CONFIG_HOME:-$HOME/.config}/zhiku is kept; delete that folder to remove it too."
  say "知库已卸载。数据仍保留在 ${XDG_CONFIG_HOME:-$HOME/.config}/zhiku，如需一并删除，请删除该文件夹。"
}

# desktop_exec quotes a path for a desktop entry's Exec key: inside double
# quotes, \ " ` and $ are escaped, and a desktop file escapes \ once more.
desktop_exec() {
  printf '"%s"' "$(printf '%s' "$1" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g')"
}

install_copy() { # SOURCE DEST MODE: replaced whole, never half-written
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.new" && chmod "$3" "$2.new" && mv -f "$2.new" "$2"
}

install() {
  [ "$(id -u)" != 0 ] || fail "run install.sh as yourself, not as root: it installs for the user running it (for every user, install the .deb instead)"
  [ -x "$here/zhiku" ] || fail "run install.sh from the unpacked zhiku folder: $here/zhiku is missing"
  missing=$(ldd "$here/zhiku" 2>/dev/null | awk '/not found/ {print $1}')
  if [ -n "$missing" ]; then
    fail "these system libraries are missing: $(echo $missing). On Debian or Ubuntu: sudo apt install libgtk-3-0 libwebkit2gtk-4.0-37, then run ./install.sh again"
  fi
  if [ -e "$bin_link" ] || [ -L "$bin_link" ]; then
    ours_link || fail "$bin_link exists and is not Zhiku's link: move it away, then run ./install.sh again"
  fi
  install_copy "$here/zhiku" "$program" 755
  install_copy "$here/install.sh" "$lib_dir/uninstall.sh" 755
  mkdir -p "$(dirname "$bin_link")"
  ln -sfn "$program" "$bin_link"
  # The menu entry names the program by its full path: ~/.local/bin is not
  # on every PATH a desktop session starts with.
  mkdir -p "$(dirname "$desktop")"
  EXEC_PATH=$(desktop_exec "$program") PROGRAM=$program awk '
    /^Exec=/ { sub(/^Exec=[^ ]*/, ""); print "Exec=" ENVIRON["EXEC_PATH"] $0; next }
    /^TryExec=/ { print "TryExec=" ENVIRON["PROGRAM"]; next }
    { print }' "$here/share/applications/$app_id.desktop" >"$desktop.new"
  mv -f "$desktop.new" "$desktop"
  for icon in "$here"/share/icons/hicolor/*/apps/"$app_id".png; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    install_copy "$icon" "$icons/$size/apps/$app_id.png" 644
  done
  install_copy "$here/share/metainfo/$app_id.metainfo.xml" "$metainfo" 644
  refresh
  say "Zhiku $("$program" version | awk '{print $2}') is installed: open it from your applications menu, or run $bin_link."
  say "知库已安装：从应用程序菜单打开，或运行 $bin_link。"
  case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) say "(~/.local/bin is not on your PATH; the menu entry works regardless.)" ;; esac
  say "To uninstall / 卸载: $lib_dir/uninstall.sh"
}

case "${1:-}" in
  "") if [ "$(basename "$0")" = uninstall.sh ]; then uninstall; else install; fi ;;
  --uninstall) uninstall ;;
  -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
  *) fail "unknown option $1 (use --uninstall or --help)" ;;
esac
