#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with Node 20 lacks, then the workspace.
# Idempotent: skips what is already there. Needs root (or sudo) for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

# Peers used by cross-check tests and benchmarks, and Chromium for the viewer tests.
APT_PACKAGES=(geographiclib-tools gdal-bin proj-bin grass-core python3-skimage python3-gdal python3-rasterio
              python3-scipy python3-pyproj chromium fonts-dejavu-core osmium-tool)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v pnpm >/dev/null 2>&1 || { echo "setup: installing pnpm" >&2; npm install -g pnpm >/dev/null; }
pnpm install --frozen-lockfile --reporter=silent
# Compile core and cli to dist/, copy data/ into @syraq/core, build the viewer into @syraq/cli (incremental).
echo "setup: building (pnpm build)" >&2
node scripts/build.mjs --quiet
