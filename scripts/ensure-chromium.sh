#!/bin/sh
# The browser tests of the reports drive Debian's Chromium (/usr/bin/chromium); `npm test` runs
# this first. When it is missing and this runs as root on a machine with apt-get, it installs
# Debian's chromium package, quietly; otherwise it says in one line what to install and fails,
# before any test starts. CHROMIUM names the executable to look for (the tests of this script).
set -u
chromium=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0

if [ "$(id -u 2>/dev/null)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "podpath: $chromium is missing; installing Debian's chromium package for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  if apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends chromium >/dev/null && [ -x "$chromium" ]; then
    exit 0
  fi
  echo "podpath: the browser tests need Chromium at $chromium, and apt-get could not install it: install Debian's chromium package" >&2
  exit 1
fi

echo "podpath: the browser tests need Chromium at $chromium: install Debian's chromium package (as root: apt-get install -y --no-install-recommends chromium)" >&2
exit 1
