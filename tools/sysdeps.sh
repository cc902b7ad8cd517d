#!/usr/bin/env bash
# Install the system packages the build (or the tests) need, through apt when we can.
# Usage: sysdeps.sh build|test
set -euo pipefail
what=${1:-build}
need=()
have_font() { fc-list : family 2>/dev/null | grep -x "$1" >/dev/null; }
command -v dot >/dev/null || need+=(graphviz)
{ have_font "Noto Sans" && have_font "Noto Serif"; } || need+=(fonts-noto-core fontconfig)
ldconfig -p 2>/dev/null | grep libharfbuzz-subset >/dev/null || need+=(libharfbuzz-subset0)
ldconfig -p 2>/dev/null | grep libpango-1.0 >/dev/null || need+=(libpango-1.0-0 libpangoft2-1.0-0)
command -v msgfmt >/dev/null || need+=(gettext)
if [ "$what" = test ]; then
  command -v pdftoppm >/dev/null || need+=(poppler-utils)
  command -v qpdf >/dev/null || need+=(qpdf)
  command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
fi
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${need[*]}"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "error: missing system packages. Run this, then run make again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${need[*]}" >&2
  exit 1
fi
