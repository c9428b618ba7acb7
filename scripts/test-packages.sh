#!/usr/bin/env bash
# Installs the Linux packages that make dist built, as people do, and checks
# each works and leaves nothing behind. Both are started from their menu
# entry (gio launch, as a desktop does) under a virtual display and a D-Bus
# session: a window of the entry's StartupWMClass appears and paints; "Open
# with Zhiku" on a folder with a Chinese name hands it to that window, which
# indexes it without opening a second; SIGTERM closes it.
#   - the .deb, with dpkg as root: lintian finds no errors, the entry and
#     metadata validate, and dpkg -r leaves no file of it and nothing new
#     on the system, while the person's data stays;
#   - the tarball's install.sh, as an ordinary user whose home folder's name
#     has a space and Chinese in it: installed twice (an update), then the
#     uninstaller leaves nothing of it but their data.
# It needs root (it re-runs itself with sudo when it can) and refuses to run
# where Zhiku is installed; what it adds (the package, a user) it removes,
# even when interrupted. Screenshots and logs go to test-artifacts/packages.
set -euo pipefail
cd "$(dirname "$0")/.."
APP_ID=io.github.zhiku_app.zhiku
ARTIFACTS=$PWD/test-artifacts/packages
TEST_USER=zhiku-packagetest
TEST_HOME="/home/zhiku packagetest 测试"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\033[31mtest-packages: %s\033[0m\n' "$*" >&2; exit 1; }
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || fail "installing the .deb needs root: run as root (CI does) or install sudo"
  exec sudo -- "$0" "$@"
fi
deb=$(ls dist/zhiku_*_amd64.deb 2>/dev/null) || fail "no .deb in dist/: run make dist"
tarball=$(ls dist/zhiku-*-linux-amd64.tar.gz 2>/dev/null) || fail "no tarball in dist/: run make dist"
if dpkg-query -W -f='${Status}' zhiku 2>/dev/null | grep -q 'ok installed'; then
  fail "Zhiku is installed on this machine; the test installs and removes it, so remove it first (sudo apt remove zhiku)"
fi
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS"

work=$(mktemp -d /tmp/zhiku-packages.XXXXXX)
chmod 755 "$work"
installed_deb=""
cleanup() {
  [ -z "$installed_deb" ] || dpkg -r zhiku >/dev/null 2>&1 || true
  if id "$TEST_USER" >/dev/null 2>&1; then
    pkill -KILL -u "$TEST_USER" 2>/dev/null || true
    userdel --remove "$TEST_USER" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

step "Checksums and package checks"
(cd dist && sha256sum --quiet -c SHA256SUMS) || fail "dist/SHA256SUMS does not match the files"
lintian --fail-on error --tag-display-limit 0 "$deb" >"$ARTIFACTS/lintian.txt" 2>&1 \
  || { cat "$ARTIFACTS/lintian.txt"; fail "lintian reports errors in $deb (above)"; }
dpkg-deb -x "$deb" "$work/deb"
desktop-file-validate "$work/deb/usr/share/applications/$APP_ID.desktop" || fail "the desktop entry is invalid (above)"
appstreamcli validate --no-net --pedantic "$work/deb/usr/share/metainfo/$APP_ID.metainfo.xml" >"$ARTIFACTS/appstream.txt" 2>&1 \
  || { cat "$ARTIFACTS/appstream.txt"; fail "the AppStream metadata is invalid (above)"; }
dpkg-deb -f "$deb" Depends | grep -q libwebkit2gtk-4.0-37 || fail "the .deb does not depend on WebKitGTK: $(dpkg-deb -f "$deb" Depends)"

# The session a person has with the installed app, run as them under its
# own display and session bus. It gets ENTRY (the menu entry), ZHIKU (the
# program, for zhiku search beside the window), FOLDER and SHOTS (where
# screenshots and logs go, with a name prefix).
cat >"$work/session.sh" <<'SESSION'
set -euo pipefail
wm_class=$(sed -n 's/^StartupWMClass=//p' "$ENTRY")
# wait_for_window waits for a visible window of the entry's WM_CLASS.
wait_for_window() {
  for _ in $(seq 120); do
    xdotool search --onlyvisible --class "^$wm_class\$" 2>/dev/null | head -1 | grep . && return 0
    sleep 0.5
  done
  return 1
}
# wait_for_paint waits until the screen shows more than a blank window.
wait_for_paint() {
  for _ in $(seq 120); do
    import -window root "$1"
    (($(/usr/bin/convert "$1" -format %k info:) > 64)) && return 0
    sleep 0.5
  done
  return 1
}
started=$(date +%s%N)
gio launch "$ENTRY" >"$SHOTS-app.log" 2>&1
wait_for_window >/dev/null || { echo "no window of class $wm_class appeared (log: $SHOTS-app.log)"; exit 1; }
window_ms=$((($(date +%s%N) - started) / 1000000))
wait_for_paint "$SHOTS-window.png" || { echo "the window stayed blank for 60 s (log: $SHOTS-app.log)"; exit 1; }
echo "from the menu entry: window after $window_ms ms, painted after $((($(date +%s%N) - started) / 1000000)) ms" >"$SHOTS-window-time.txt"
app=$(pgrep -n -u "$(id -u)" -x zhiku)
# What a file manager does for "Open with Zhiku": launch the entry with the folder.
gio launch "$ENTRY" "$FOLDER" >"$SHOTS-open-with.log" 2>&1
for _ in $(seq 120); do
  if "$ZHIKU" search --json zhikupackagecheck 2>/dev/null | grep -q '计划.md'; then found=1; break; fi
  sleep 0.5
done
[ -n "${found:-}" ] || { echo "the folder opened with Zhiku was not indexed within 60 s (log: $SHOTS-app.log)"; exit 1; }
[ "$(xdotool search --onlyvisible --class "^$wm_class\$" | wc -l)" = 1 ] || { echo "\"Open with Zhiku\" opened a second window instead of handing the folder to the first"; exit 1; }
sleep 2
import -window root "$SHOTS-opened-folder.png"
kill -TERM "$app"
for _ in $(seq 40); do kill -0 "$app" 2>/dev/null || exit 0; sleep 0.5; done
echo "zhiku did not exit within 20 s of SIGTERM"
exit 1
SESSION

# notes_folder HOME OWNER makes HOME/文档/我的笔记, holding one note, owned by OWNER.
notes_folder() {
  mkdir -p "$1/文档/我的笔记"
  printf '# 蓝鲸计划\n\n蓝鲸计划在二〇二六年冬天启动，代号 zhikupackagecheck。\n' >"$1/文档/我的笔记/计划.md"
  chown -R "$2" "$1/文档"
}
# as_display runs the session in the current user's home with its own
# virtual display and session bus, as a desktop session gives.
as_display='cd ~ && xvfb-run -a -s "-screen 0 1440x900x24" dbus-run-session -- bash "$0"'

step "Installing the .deb"
# What exists before, to show afterwards that removal leaves nothing.
system_files() {
  find /usr /etc /opt /var/lib -xdev \( -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/lib/ucf \) -prune -o -print 2>/dev/null \
    | grep -v -e '/icon-theme.cache$' -e '/mimeinfo.cache$' -e '/__pycache__' | sort
}
system_files >"$ARTIFACTS/before.txt"
installed_deb=yes
dpkg -i "$deb" >"$ARTIFACTS/dpkg-install.txt" 2>&1 || { cat "$ARTIFACTS/dpkg-install.txt"; fail "dpkg -i failed (above): are its Depends installed?"; }
dpkg -L zhiku >"$ARTIFACTS/installed-files.txt"
entry=/usr/share/applications/$APP_ID.desktop
[ -f "$entry" ] || fail "the .deb installs no menu entry at $entry"
exec_line=$(sed -n 's/^Exec=//p' "$entry")
program=$(command -v "${exec_line%% *}") || fail "the menu entry's Exec ($exec_line) names no program on PATH"
[ "$program" = /usr/bin/zhiku ] || fail "the menu entry starts $program, not /usr/bin/zhiku"
"$program" version | tee "$ARTIFACTS/version.txt" | grep -q "^zhiku " || fail "/usr/bin/zhiku version printed nothing"
for size in 16 22 24 32 48 64 128 256 512; do
  [ -f "/usr/share/icons/hicolor/${size}x$size/apps/$APP_ID.png" ] || fail "no ${size}px icon installed"
done

step "The .deb from its menu entry, then \"Open with Zhiku\" on a folder, as root"
deb_home=$work/root-home
mkdir -p "$deb_home"
notes_folder "$deb_home" root
HOME=$deb_home ENTRY=$entry ZHIKU=/usr/bin/zhiku FOLDER="$deb_home/文档/我的笔记" SHOTS=$ARTIFACTS/deb \
  bash -c "$as_display" "$work/session.sh" </dev/null || fail "the installed app failed its session (above)"
cat "$ARTIFACTS/deb-window-time.txt"

step "Removing the .deb"
dpkg -r zhiku >"$ARTIFACTS/dpkg-remove.txt" 2>&1 || { cat "$ARTIFACTS/dpkg-remove.txt"; fail "dpkg -r zhiku failed"; }
installed_deb=""
while IFS= read -r path; do
  [ -d "$path" ] || [ ! -e "$path" ] || fail "dpkg -r left $path behind"
done <"$ARTIFACTS/installed-files.txt"
system_files >"$ARTIFACTS/after.txt"
left=$(comm -13 "$ARTIFACTS/before.txt" "$ARTIFACTS/after.txt")
[ -z "$left" ] || fail "after dpkg -r these are new on the system: $left"
[ -d "$deb_home/.config/zhiku" ] || fail "the person's data folder $deb_home/.config/zhiku is gone after removing the package"

step "The portable tarball, installed by an ordinary user"
id "$TEST_USER" >/dev/null 2>&1 && userdel --remove "$TEST_USER" 2>/dev/null
useradd --create-home --home-dir "$TEST_HOME" --shell /bin/bash "$TEST_USER"
install -d -o "$TEST_USER" "$TEST_HOME/下载" "$work/user"
install -o "$TEST_USER" -m 644 "$tarball" "$TEST_HOME/下载/"
as_user() { su "$TEST_USER" -s /bin/bash -c "cd ~ && $1" </dev/null; }
as_user 'cd 下载 && tar xzf zhiku-*-linux-amd64.tar.gz && cd zhiku-*-linux-amd64 && ./install.sh && ./install.sh' >"$ARTIFACTS/tarball-install.txt" 2>&1 \
  || { cat "$ARTIFACTS/tarball-install.txt"; fail "install.sh failed as $TEST_USER (above)"; }
user_entry=$TEST_HOME/.local/share/applications/$APP_ID.desktop
desktop-file-validate "$user_entry" || fail "the entry install.sh wrote is invalid (above)"
export ENTRY=$user_entry ZHIKU="$TEST_HOME/.local/bin/zhiku" FOLDER="$TEST_HOME/文档/我的笔记" SHOTS=$work/user/tarball
notes_folder "$TEST_HOME" "$TEST_USER"
su "$TEST_USER" -s /bin/bash -w ENTRY,ZHIKU,FOLDER,SHOTS -c "$as_display" "$work/session.sh" </dev/null \
  || { cp "$work"/user/* "$ARTIFACTS/" 2>/dev/null; fail "the tarball's app failed its session as $TEST_USER (above)"; }
cp "$work"/user/* "$ARTIFACTS/"
cat "$ARTIFACTS/tarball-window-time.txt"
as_user '~/.local/lib/zhiku/uninstall.sh' >"$ARTIFACTS/tarball-uninstall.txt" 2>&1 \
  || { cat "$ARTIFACTS/tarball-uninstall.txt"; fail "uninstall.sh failed as $TEST_USER (above)"; }
# The program, its link, menu entry, icons and metadata go; the data the
# app made (~/.config/zhiku, the web view's ~/.local/share/zhiku) stays.
left=$(find "$TEST_HOME/.local" -path "*$APP_ID*" 2>/dev/null; ls -d "$TEST_HOME/.local/lib/zhiku" "$TEST_HOME/.local/bin/zhiku" 2>/dev/null || true)
[ -z "$left" ] || fail "uninstall.sh left: $left"
[ -d "$TEST_HOME/.config/zhiku" ] || fail "uninstall.sh removed the person's data folder"

step "Packages pass: the .deb and the tarball install, run and uninstall cleanly"
