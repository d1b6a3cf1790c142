#!/bin/sh
# Installs Debian's Chromium headless shell (and a Chinese font, so page screenshots are
# readable) for the browser tests when they are missing. playwright-core drives it; no browser is
# downloaded. The shell is Chromium's engine without the browser's windows and tabs: about a
# quarter of the full browser's CPU per page. Without it the tests use the full browser
# (/usr/bin/chromium) when that is there.
set -eu

packages=""
[ -x /usr/bin/chromium-headless-shell ] || packages="chromium-headless-shell"
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  packages="$packages fonts-wqy-zenhei"
fi
[ -n "$packages" ] || exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: missing$packages and apt-get is not available; install them with your package manager" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ensure-chromium: run as root (or install sudo) to install$packages with apt-get" >&2
    exit 1
  fi
fi

echo "ensure-chromium: installing$packages with apt-get"
$SUDO apt-get update
# shellcheck disable=SC2086 # the package list is meant to split into words
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $packages

if [ ! -x /usr/bin/chromium-headless-shell ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium-headless-shell is still missing" >&2
  exit 1
fi
