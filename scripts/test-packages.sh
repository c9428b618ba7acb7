#!/usr/bin/env bash
# Installs the Linux packages that make dist built, as people do, and checks
# each works and leaves nothing behind:
#   - the .deb with dpkg, as root: lintian finds no errors; the menu entry
#     starts /usr/bin/zhiku under a virtual display, its window is the one
#     the entry names (StartupWMClass); "Open with Zhiku" on a folder with a
#     Chinese name indexes it in the running window; dpkg -r removes every
#     file of it outside the person's data;
#   - the tarball's install.sh as an ordinary user: the menu entry starts the
#     window, and the uninstaller removes all it installed.
# Screenshots and logs go to test-artifacts/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_ID=io.github.zhiku_app.zhiku
ARTIFACTS=$PWD/test-artifacts/packages
TEST_USER=zhiku-packagetest
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mtest-packages: %s\033[0m\n' "$*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "installing the .deb needs root: run as root (CI does) or with sudo"

deb=$(ls dist/zhiku_*_amd64.deb 2>/dev/null) || fail "no .deb in dist/: run make dist"
tarball=$(ls dist/zhiku-*-linux-amd64.tar.gz 2>/dev/null) || fail "no tarball in dist/: run make dist"

step "Checksums and package checks"
(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "dist/SHA256SUMS does not match the files"
lintian --fail-on error --tag-display-limit 0 "$deb" >"$ARTIFACTS/lintian.txt" 2>&1 \
  || { cat "$ARTIFACTS/lintian.txt"; fail "lintian reports errors in $deb (above)"; }
extracted=$(mktemp -d)
trap 'rm -rf "$extracted"' EXIT
dpkg-deb -x "$deb" "$extracted"
desktop-file-validate "$extracted/usr/share/applications/$APP_ID.desktop" || fail "the desktop entry is invalid (above)"
appstreamcli validate --no-net --pedantic "$extracted/usr/share/metainfo/$APP_ID.metainfo.xml" >"$ARTIFACTS/appstream.txt" 2>&1 \
  || { cat "$ARTIFACTS/appstream.txt"; fail "the AppStream metadata is invalid (above)"; }

# desktop_key prints KEY's value from the desktop entry FILE.
desktop_key() { sed -n "s/^$2=//p" "$1" | head -1; }

# with_display runs a command under its own virtual X display and D-Bus
# session, as a desktop would start it: the single-instance handover goes
# over the session bus.
with_display() {
  xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- "$@"
}

# wait_for_window CLASS SECONDS waits for a visible window of that WM_CLASS
# and prints its id.
wait_for_window() {
  local deadline=$((SECONDS + $2)) id
  while ((SECONDS < deadline)); do
    id=$(xdotool search --onlyvisible --class "^$1\$" 2>/dev/null | head -1) && [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.5
  done
  return 1
}

# wait_for_paint SECONDS SHOT waits until the screen shows more than a blank
# window (the UI has painted), and saves it to SHOT.
wait_for_paint() {
  local deadline=$((SECONDS + $1))
  while ((SECONDS < deadline)); do
    import -window root "$2"
    (($(/usr/bin/convert "$2" -format %k info:) > 64)) && return 0
    sleep 0.5
  done
  return 1
}

step "Installing the .deb"
if dpkg-query -W -f='${Status}' zhiku 2>/dev/null | grep -q installed; then
  dpkg -r zhiku >/dev/null # left by an interrupted run
fi
# What exists before, to show afterwards that removal leaves nothing.
system_files() {
  find /usr /etc /opt /var/lib -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/ucf \) -prune -o -print 2>/dev/null \
    | grep -v -e '/icon-theme.cache$' -e '/mimeinfo.cache$' -e '/__pycache__' | sort
}
system_files >"$ARTIFACTS/before.txt"
dpkg -i "$deb" >"$ARTIFACTS/dpkg-install.txt" 2>&1 || { cat "$ARTIFACTS/dpkg-install.txt"; fail "dpkg -i failed (above): are its Depends installed?"; }
dpkg -L zhiku >"$ARTIFACTS/installed-files.txt"
entry=/usr/share/applications/$APP_ID.desktop
[ -f "$entry" ] || fail "the .deb installs no menu entry at $entry"
exec_line=$(desktop_key "$entry" Exec)
wm_class=$(desktop_key "$entry" StartupWMClass)
program=$(command -v "${exec_line%% *}") || fail "the menu entry's Exec ($exec_line) names no program on PATH"
[ "$program" = /usr/bin/zhiku ] || fail "the menu entry starts $program, not /usr/bin/zhiku"
"$program" version | tee "$ARTIFACTS/version.txt" | grep -q "^zhiku " || fail "/usr/bin/zhiku version printed nothing"
for size in 16 32 48 64 128 256 512; do
  [ -f "/usr/share/icons/hicolor/${size}x$size/apps/$APP_ID.png" ] || fail "no ${size}px icon installed"
done

step "Starting it from the menu entry, then \"Open with Zhiku\" on a folder"
home=$(mktemp -d /tmp/zhiku-deb-home.XXXXXX)
folder="$home/文档/我的笔记"
mkdir -p "$folder"
printf '# 蓝鲸计划\n\n蓝鲸计划在二〇二六年冬天启动，代号 zhikupackagecheck。\n' >"$folder/计划.md"
{ declare -f wait_for_window wait_for_paint; cat <<'SESSION'; } >"$home/session.sh"
set -euo pipefail
# The menu entry's Exec with no files: %F expands to nothing.
started=$(date +%s%N)
${EXEC_LINE% %F} >"$ARTIFACTS/deb-app.log" 2>&1 &
app=$!
window=$(wait_for_window "$WM_CLASS" 60) || { echo "no window of class $WM_CLASS appeared (log: $ARTIFACTS/deb-app.log)"; exit 1; }
window_ms=$((($(date +%s%N) - started) / 1000000))
wait_for_paint 60 "$ARTIFACTS/deb-window.png" || { echo "the window stayed blank for 60 s (log: $ARTIFACTS/deb-app.log)"; exit 1; }
echo "from the menu entry: window after $window_ms ms, painted after $((($(date +%s%N) - started) / 1000000)) ms" >"$ARTIFACTS/deb-window-time.txt"
# What a file manager does for "Open with Zhiku": launch the entry with the folder.
gio launch "$ENTRY" "$FOLDER" >"$ARTIFACTS/deb-open-with.log" 2>&1
for _ in $(seq 120); do
  if zhiku search --json zhikupackagecheck 2>/dev/null | grep -q '计划.md'; then
    found=1; break
  fi
  sleep 0.5
done
[ -n "${found:-}" ] || { echo "the folder opened with Zhiku was not indexed within 60 s (log: $ARTIFACTS/deb-app.log)"; exit 1; }
[ "$(xdotool search --onlyvisible --class "^$WM_CLASS\$" | wc -l)" = 1 ] || { echo "\"Open with Zhiku\" opened a second window instead of handing the folder to the first"; exit 1; }
sleep 2
import -window root "$ARTIFACTS/deb-opened-folder.png"
kill -TERM "$app"
for _ in $(seq 40); do kill -0 "$app" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$app" 2>/dev/null; then echo "zhiku did not exit within 20 s of SIGTERM"; kill -KILL "$app"; exit 1; fi
wait "$app" || { echo "zhiku exited with status $? on SIGTERM"; exit 1; }
SESSION
HOME=$home EXEC_LINE=$exec_line WM_CLASS=$wm_class ENTRY=$entry FOLDER=$folder ARTIFACTS=$ARTIFACTS \
  with_display bash "$home/session.sh" || fail "the installed app failed its session (above)"
cat "$ARTIFACTS/deb-window-time.txt"

step "Removing the .deb"
dpkg -r zhiku >"$ARTIFACTS/dpkg-remove.txt" 2>&1 || { cat "$ARTIFACTS/dpkg-remove.txt"; fail "dpkg -r zhiku failed"; }
while IFS= read -r path; do
  [ -d "$path" ] || [ ! -e "$path" ] || fail "dpkg -r left $path behind"
done <"$ARTIFACTS/installed-files.txt"
system_files >"$ARTIFACTS/after.txt"
left=$(comm -13 "$ARTIFACTS/before.txt" "$ARTIFACTS/after.txt")
[ -z "$left" ] || fail "after dpkg -r these are new on the system: $left"
[ -d "$home/.config/zhiku" ] || fail "the person's data folder $home/.config/zhiku is gone after removing the package"
rm -rf "$home"

step "The portable tarball, installed by an ordinary user"
id "$TEST_USER" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$TEST_USER"
user_home=$(getent passwd "$TEST_USER" | cut -d: -f6)
rm -rf "$user_home/Downloads" "$user_home/.local" "$user_home/.config/zhiku"
install -d -o "$TEST_USER" "$user_home/Downloads"
install -o "$TEST_USER" -m 644 "$tarball" "$user_home/Downloads/"
user_artifacts=$user_home/artifacts
rm -rf "$user_artifacts" && install -d -o "$TEST_USER" "$user_artifacts"
{ declare -f wait_for_window wait_for_paint; cat <<'SESSION'; } >"$user_home/Downloads/session.sh"
set -euo pipefail
cd ~/Downloads
tar xzf zhiku-*-linux-amd64.tar.gz
cd zhiku-*-linux-amd64
./install.sh >"$ARTIFACTS/tarball-install.txt"
entry=~/.local/share/applications/$APP_ID.desktop
desktop-file-validate "$entry"
exec_line=$(sed -n 's/^Exec=//p' "$entry")
[ "${exec_line%% *}" = "$HOME/.local/lib/zhiku/zhiku" ] || { echo "the installed entry starts ${exec_line%% *}"; exit 1; }
~/.local/bin/zhiku version >/dev/null
gio launch "$entry" >"$ARTIFACTS/tarball-app.log" 2>&1
window=$(wait_for_window zhiku 60) || { echo "the tarball's menu entry opened no window"; exit 1; }
wait_for_paint 60 "$ARTIFACTS/tarball-window.png" || { echo "the tarball's window stayed blank for 60 s"; exit 1; }
pkill -TERM -u "$(id -u)" -x zhiku
for _ in $(seq 40); do pgrep -u "$(id -u)" -x zhiku >/dev/null || break; sleep 0.5; done
~/.local/lib/zhiku/uninstall.sh >"$ARTIFACTS/tarball-uninstall.txt"
# The program, its link, menu entry, icons and metadata go; the data the
# app made (~/.config/zhiku, the web view's ~/.local/share/zhiku) stays.
left=$(find ~/.local -path "*$APP_ID*" 2>/dev/null; ls -d ~/.local/lib/zhiku ~/.local/bin/zhiku 2>/dev/null || true)
[ -z "$left" ] || { echo "uninstall.sh left: $left"; exit 1; }
SESSION
chown "$TEST_USER" "$user_home/Downloads/session.sh"
status=0
su "$TEST_USER" -c "APP_ID=$APP_ID ARTIFACTS=$user_artifacts xvfb-run -a -s '-screen 0 1440x900x24' dbus-run-session -- bash ~/Downloads/session.sh" || status=$?
cp -r "$user_artifacts/." "$ARTIFACTS/"
[ "$status" = 0 ] || fail "the tarball install as $TEST_USER failed (above)"

step "Packages pass: the .deb and the tarball install, run and uninstall cleanly"
