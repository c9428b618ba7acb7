#!/usr/bin/env bash
# make dist: the release packages, into dist/, with their SHA256SUMS.
#   zhiku_VERSION_amd64.deb                  Debian and Ubuntu
#   zhiku-VERSION-linux-amd64.tar.gz         any Linux, installed per user
#   zhiku-VERSION-windows-amd64-setup.exe    Windows installer, and the
#   zhiku-VERSION-windows-amd64.zip          portable Windows program
# The Linux binary is build/bin/zhiku (make builds it with
# scripts/build-app.sh), the Windows ones come from scripts/dist-windows.sh;
# every file is dated by the commit, so one commit gives the same packages
# wherever it is built.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(scripts/version.sh)"
# Sizes, sort orders and dates must not depend on the machine's settings.
export SOURCE_DATE_EPOCH TZ=UTC LC_ALL=C

APP_ID=io.github.zhiku_app.zhiku
BIN=build/bin/zhiku
OUT=dist
STAGE=build/dist-stage
# Debian orders 0.1.0~dev before 0.1.0; a "-" would mean a Debian revision.
DEB_VERSION=${ZHIKU_VERSION//-/\~}
RELEASE_DATE=${ZHIKU_BUILD_DATE%%T*}
MAINTAINER="Zhiku contributors <zhiku-app@users.noreply.github.com>"

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# shlib_depends prints the Depends line dpkg-shlibdeps finds for BINARY:
# the runtime libraries it links, at the versions it needs, and nothing it
# was built with.
shlib_depends() {
  local work
  work=$(mktemp -d) && mkdir "$work/debian"
  printf 'Source: zhiku\n\nPackage: zhiku\nArchitecture: amd64\n' >"$work/debian/control"
  (cd "$work" && dpkg-shlibdeps -O "$(realpath -m "$OLDPWD/$1")") | sed -n 's/^shlibs:Depends=//p'
  rm -rf "$work"
}

# changelog is the package's Debian changelog: one entry for this build.
changelog() {
  printf 'zhiku (%s) stable; urgency=medium\n\n  * Release %s, built from commit %s.\n\n -- %s  %s\n' \
    "$DEB_VERSION" "$ZHIKU_VERSION" "${ZHIKU_COMMIT:-unknown}" "$MAINTAINER" "$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
}

# manpage turns `zhiku --help` into zhiku(1), so the page lists exactly the
# commands the binary has.
manpage() {
  printf '.TH ZHIKU 1 "%s" "zhiku %s" "User Commands"\n' "$RELEASE_DATE" "$ZHIKU_VERSION"
  printf '.SH NAME\nzhiku \\- offline personal knowledge assistant: search and chat with your own files\n'
  printf '.SH SYNOPSIS\n.B zhiku\n[\\fIFOLDER\\fR...]\n.br\n.B zhiku\n\\fICOMMAND\\fR [\\fIflags\\fR]\n'
  printf '.SH DESCRIPTION\nWith no command, opens the desktop window; folders named on the command line become knowledge bases.\n'
  printf 'Answers come from a local Ollama and cite the file and page they use. Nothing leaves the computer.\n'
  printf '.SH COMMANDS\n'
  "$BIN" --help | awk '/^Commands:/ {on = 1; next} on && NF == 0 {exit} on {name = $1; $1 = ""; sub(/^ +/, ""); printf ".TP\n.B %s\n%s\n", name, $0}'
  printf 'Run \\fBzhiku\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR for the flags of a command.\n'
  printf '.SH FILES\n.TP\n.I ~/.config/zhiku\nThe data folder: knowledge bases, chats, settings and logs (or \\fB$ZHIKU_DATA_DIR\\fR).\n'
  printf '.SH SEE ALSO\n.BR ollama (1)\n'
}

# normalize gives every file under DIR the same owner-independent modes
# and the commit's date, so packages do not depend on the umask or clock.
normalize() {
  find "$1" -type d -exec chmod 755 {} +
  find "$1" -type f ! -perm -u+x -exec chmod 644 {} +
  find "$1" -type f -perm -u+x -exec chmod 755 {} +
  find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

[ -x "$BIN" ] || { echo "dist: $BIN is missing; run make dist, which builds it" >&2; exit 1; }
"$BIN" version | grep -qF "zhiku $ZHIKU_VERSION ($ZHIKU_COMMIT" \
  || { echo "dist: $BIN is not built from this checkout ($("$BIN" version)); run make build" >&2; exit 1; }

rm -rf "$OUT" "$STAGE"
mkdir -p "$OUT" "$STAGE"

# share/ holds what both Linux packages install under /usr or ~/.local.
step "Desktop entry, icons, AppStream metadata and notices"
share=$STAGE/share
mkdir -p "$share/applications" "$share/metainfo" "$share/doc/zhiku"
sed -e "s|@EXEC@|zhiku|g" -e "s|@APP_ID@|$APP_ID|g" packaging/linux/zhiku.desktop.in >"$share/applications/$APP_ID.desktop"
sed -e "s|@APP_ID@|$APP_ID|g" -e "s|@VERSION@|$ZHIKU_VERSION|g" -e "s|@DATE@|$RELEASE_DATE|g" \
  packaging/linux/metainfo.xml.in >"$share/metainfo/$APP_ID.metainfo.xml"
go run ./tools/icons -out "$share/icons" -name "$APP_ID"
scripts/notices.sh "$BIN" >"$STAGE/THIRD-PARTY-NOTICES.txt"

step "Debian package"
deb=$STAGE/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/bin" "$deb/usr/share/man/man1"
install -m 755 "$BIN" "$deb/usr/bin/zhiku"
cp -r "$share" "$deb/usr/"
install -m 644 packaging/linux/copyright "$deb/usr/share/doc/zhiku/copyright"
install -D -m 644 packaging/linux/lintian-overrides "$deb/usr/share/lintian/overrides/zhiku"
gzip -9n <"$STAGE/THIRD-PARTY-NOTICES.txt" >"$deb/usr/share/doc/zhiku/THIRD-PARTY-NOTICES.txt.gz"
changelog | gzip -9n >"$deb/usr/share/doc/zhiku/changelog.gz"
manpage | gzip -9n >"$deb/usr/share/man/man1/zhiku.1.gz"
depends=$(shlib_depends "$deb/usr/bin/zhiku")
[[ $depends == *libwebkit2gtk-4.0-37* ]] || { echo "dist: dpkg-shlibdeps found no WebKitGTK dependency: '$depends'" >&2; exit 1; }
cat >"$deb/DEBIAN/control" <<CONTROL
Package: zhiku
Version: $DEB_VERSION
Architecture: amd64
Maintainer: $MAINTAINER
Installed-Size: $(du -s --apparent-size --block-size=1024 "$deb/usr" | cut -f1)
Depends: $depends
Recommends: xdg-utils
Suggests: ollama
Section: utils
Priority: optional
Homepage: https://github.com/zhiku-app/zhiku
Description: offline personal knowledge assistant (知库)
 Zhiku indexes a folder of your own files (PDF, Word, slides, sheets,
 Markdown, web pages, e-books, code and plain text in any Chinese or
 Western encoding) and lets you search it and chat with it through a
 local Ollama. Answers cite the file and page they come from; nothing
 leaves the computer. It also helps choose and download models that fit
 the computer's memory, compare prompts side by side and prepare
 fine-tuning data sets. The interface is in Simplified Chinese and English.
CONTROL
normalize "$deb"
dpkg-deb --root-owner-group -Zxz --build "$deb" "$OUT/zhiku_${DEB_VERSION}_amd64.deb" >/dev/null

step "Portable Linux tarball"
name=zhiku-$ZHIKU_VERSION-linux-amd64
tree=$STAGE/tar/$name
mkdir -p "$tree"
install -m 755 "$BIN" "$tree/zhiku"
sed "s|@APP_ID@|$APP_ID|g" packaging/linux/install.sh >"$tree/install.sh" && chmod 755 "$tree/install.sh"
cp -r "$share" "$tree/"
rm -r "$tree/share/doc"
install -m 644 packaging/linux/README.txt "$STAGE/THIRD-PARTY-NOTICES.txt" "$tree/"
normalize "$STAGE/tar"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" -C "$STAGE/tar" -cf - "$name" \
  | gzip -9n >"$OUT/$name.tar.gz"

scripts/dist-windows.sh "$OUT"

step "Checksums"
(cd "$OUT" && sha256sum -- * >SHA256SUMS)
ls -l "$OUT"
