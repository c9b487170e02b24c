#!/usr/bin/env bash
# Build factdesk_VERSION_ARCH.deb from the PyInstaller folder (dist/factdesk, made by
# `pyinstaller build.spec`): the folder in /opt/factdesk, /usr/bin/factdesk, the desktop
# entry, the AppStream metainfo and the icon; Depends computed from the folder's ELF files
# (scripts/deb_depends.py: what they load from the system, and the glibc they need).
#   bash scripts/build_deb.sh            ->   ./factdesk_0.1.0_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=dist/factdesk
if [ ! -x "$bundle/factdesk" ]; then
  echo "build_deb: $bundle/factdesk not found: run pyinstaller build.spec first" >&2
  exit 1
fi
version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
depends=$(python3 scripts/deb_depends.py "$bundle")
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/metainfo" "$root/usr/share/icons/hicolor/scalable/apps" \
  "$root/usr/share/doc/factdesk"
cp -a "$bundle" "$root/opt/factdesk"
ln -s /opt/factdesk/factdesk "$root/usr/bin/factdesk"
install -m 644 resources/factdesk.desktop "$root/usr/share/applications/factdesk.desktop"
install -m 644 resources/org.factdesk.factdesk.metainfo.xml "$root/usr/share/metainfo/"
install -m 644 resources/icons/factdesk.svg "$root/usr/share/icons/hicolor/scalable/apps/"
printf 'factdesk is released under the MIT licence.\n' > "$root/usr/share/doc/factdesk/copyright"
installed_kb=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: factdesk
Version: $version
Architecture: $arch
Maintainer: factdesk developers <factdesk@localhost>
Installed-Size: $installed_kb
Depends: $depends, fonts-dejavu-core
Recommends: fonts-noto-color-emoji, gnome-keyring
Section: editors
Priority: optional
Description: workbench for fact-checkers: claims, evidence, verdicts, reports
 Pull in an article from a URL or a file; factdesk splits it into the claims worth
 checking, with who said them. Attach evidence, record verdicts on a rating scale,
 and publish reports as HTML, PDF, Markdown, CSV, JSON or schema.org ClaimReview.
CONTROL
# The desktop's menu and icon caches pick the new files up (where those tools exist).
cat > "$root/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
POSTINST
cp "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
sed -i 's/= configure/= remove/' "$root/DEBIAN/postrm"
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/postrm"
package="factdesk_${version}_${arch}.deb"
# zstd: several times quicker than xz (and gzip) on a bundle this size; dpkg reads it
# since 1.21.18 (Debian 12).
dpkg-deb --root-owner-group -Zzstd --build "$root" "$package" >/dev/null
echo "build_deb: $package ($(du -m "$package" | cut -f1) MB; installed ${installed_kb} KB)"
echo "build_deb: Depends: $depends, fonts-dejavu-core"
