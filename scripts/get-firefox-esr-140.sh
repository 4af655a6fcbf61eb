#!/usr/bin/env bash
# Unpacks Debian 12's firefox-esr 140.x (bookworm main) into .cache/firefox-esr-140, beside the
# system's firefox-esr (which bookworm-security may have moved to a newer ESR), so the Firefox tests
# also run on the oldest desktop Firefox the add-on supports. Uses the libraries the system
# firefox-esr package already installed. Idempotent; prints one line either way.
set -uo pipefail
cd "$(dirname "$0")/.."
dest=.cache/firefox-esr-140
bin="$dest/usr/lib/firefox-esr/firefox-esr"
if [ -x "$bin" ]; then echo "firefox-esr 140: $("$bin" --version 2>/dev/null)"; exit 0; fi
version=$(apt-cache madison firefox-esr 2>/dev/null | awk -F'|' '$2 ~ /^ *140\./ { gsub(/ /, "", $2); print $2; exit }')
if [ -z "$version" ]; then echo "firefox-esr 140: no 140.x in the apt lists; the Firefox tests run on the system firefox-esr only"; exit 0; fi
work=$(mktemp -d)
if (cd "$work" && apt-get download -q "firefox-esr=$version" >/dev/null 2>&1) && mkdir -p "$dest" && dpkg-deb -x "$work"/firefox-esr_*.deb "$dest"; then
  echo "firefox-esr 140: $("$bin" --version 2>/dev/null) in $dest"
else
  echo "firefox-esr 140: could not download $version; the Firefox tests run on the system firefox-esr only"
fi
rm -rf "$work"
