#!/bin/sh
# Installs Debian's chromium (and a Chinese font, so page screenshots are readable) for the
# browser tests when they are missing. playwright-core drives this browser; none is downloaded.
set -eu

packages=""
[ -x /usr/bin/chromium ] || packages="chromium"
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

if [ ! -x /usr/bin/chromium ]; then
  echo "ensure-chromium: apt-get finished but /usr/bin/chromium is still missing" >&2
  exit 1
fi
