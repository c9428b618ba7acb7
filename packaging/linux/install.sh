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
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
lib_dir=$HOME/.local/lib/zhiku
bin_link=$HOME/.local/bin/zhiku
manifest=$lib_dir/installed-files

say() { printf '%s\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# refresh tells the desktop about a changed menu and icons; each tool is
# optional, and a desktop without them rereads the folders at next login.
refresh() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data_home/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
}

uninstall() {
  [ -f "$manifest" ] || fail "Zhiku is not installed for $(id -un) (no $manifest)"
  while IFS= read -r path; do
    rm -f "$path"
  done <"$manifest"
  rm -f "$manifest" "$lib_dir/uninstall.sh"
  rmdir "$lib_dir" 2>/dev/null || true
  refresh
  say "Zhiku is removed. Your data in ${XDG_CONFIG_HOME:-$HOME/.config}/zhiku is kept; delete that folder to remove it too."
  say "知库已卸载。数据仍保留在 ${XDG_CONFIG_HOME:-$HOME/.config}/zhiku，如需一并删除，请删除该文件夹。"
}

# missing_libraries lists what the binary needs and the system lacks.
missing_libraries() {
  ldd "$here/zhiku" 2>/dev/null | awk '/not found/ {print $1}'
}

install_file() { # SOURCE DEST MODE
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.new" && chmod "$3" "$2.new" && mv -f "$2.new" "$2"
  printf '%s\n' "$2" >>"$manifest.new"
}

install() {
  [ -x "$here/zhiku" ] || fail "run install.sh from the unpacked zhiku folder: $here/zhiku is missing"
  missing=$(missing_libraries)
  if [ -n "$missing" ]; then
    fail "these system libraries are missing: $(echo $missing). On Debian or Ubuntu: sudo apt install libgtk-3-0 libwebkit2gtk-4.0-37, then run ./install.sh again"
  fi
  mkdir -p "$lib_dir"
  : >"$manifest.new"
  install_file "$here/zhiku" "$lib_dir/zhiku" 755
  mkdir -p "$(dirname "$bin_link")"
  ln -sfn "$lib_dir/zhiku" "$bin_link"
  printf '%s\n' "$bin_link" >>"$manifest.new"
  # The menu entry names the program by its full path: ~/.local/bin is not
  # on every PATH a desktop session starts with.
  desktop=$data_home/applications/$app_id.desktop
  mkdir -p "$(dirname "$desktop")"
  sed -e "s|^Exec=zhiku|Exec=$lib_dir/zhiku|" -e "s|^TryExec=zhiku|TryExec=$lib_dir/zhiku|" \
    "$here/share/applications/$app_id.desktop" >"$desktop.new"
  mv -f "$desktop.new" "$desktop"
  printf '%s\n' "$desktop" >>"$manifest.new"
  for icon in "$here"/share/icons/hicolor/*/apps/"$app_id".png; do
    size=$(basename "$(dirname "$(dirname "$icon")")")
    install_file "$icon" "$data_home/icons/hicolor/$size/apps/$app_id.png" 644
  done
  install_file "$here/share/metainfo/$app_id.metainfo.xml" "$data_home/metainfo/$app_id.metainfo.xml" 644
  cp "$here/install.sh" "$lib_dir/uninstall.sh.new" && chmod 755 "$lib_dir/uninstall.sh.new" && mv -f "$lib_dir/uninstall.sh.new" "$lib_dir/uninstall.sh"
  # An older install's files that this one no longer has go too.
  if [ -f "$manifest" ]; then
    sort "$manifest" "$manifest.new" "$manifest.new" | uniq -u | while IFS= read -r stale; do rm -f "$stale"; done
  fi
  mv -f "$manifest.new" "$manifest"
  refresh
  say "Zhiku $("$lib_dir/zhiku" version | awk '{print $2}') is installed: open it from your applications menu, or run $bin_link."
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
