#!/usr/bin/env bash
# Vendors the dashboard's browser libraries (ES modules) from the npm
# registry at pinned versions into dashboardapi/web/static/vendor/, and
# writes VERSIONS (name, version, licence, npm integrity) and LICENSES (each
# package's licence text) beside them. The vendored files are committed, so
# `go run ./cmd/warden --demo` needs no build step; run this script only to
# change a version. Needs node and npm. Usage: scripts/vendor-web.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# name@version, then the files to copy: "path-in-package:vendored-name".
PACKAGES=(
  "preact@11.2.0 dist/preact.mjs:preact.mjs hooks/dist/hooks.mjs:preact-hooks.mjs"
  "htm@3.1.1 dist/htm.mjs:htm.mjs"
  "uplot@1.6.32 dist/uPlot.esm.js:uplot.mjs dist/uPlot.min.css:uplot.css"
  # axe-core is not loaded by the page: the browser tests (e2e/) inject it
  # to check every page for accessibility violations.
  "axe-core@4.14.1 axe.min.js:axe.min.js"
)

out=dashboardapi/web/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rm -rf "$out"
mkdir -p "$out"
{
  echo "# Vendored by scripts/vendor-web.sh from https://registry.npmjs.org/ — do not edit."
  echo "# package version licence integrity"
} >"$out/VERSIONS"
: >"$out/LICENSES"

for entry in "${PACKAGES[@]}"; do
  read -r spec files <<<"$entry"
  name=${spec%@*}
  version=${spec##*@}
  echo "==> $spec"
  tarball=$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n1)
  mkdir -p "$work/$name"
  tar -xzf "$work/$tarball" -C "$work/$name"
  pkg="$work/$name/package"
  got=$(node -p "require('$pkg/package.json').version")
  if [ "$got" != "$version" ]; then
    echo "vendor-web: asked for $spec, npm gave $got" >&2
    exit 1
  fi
  licence=$(node -p "require('$pkg/package.json').license")
  integrity=$(npm view --silent "$spec" dist.integrity 2>/dev/null)
  for f in $files; do
    src=${f%%:*}
    dst=${f##*:}
    cp "$pkg/$src" "$out/$dst"
  done
  echo "$name $version $licence $integrity" >>"$out/VERSIONS"
  {
    echo "==== $name $version ($licence) ===="
    cat "$pkg"/LICEN[CS]E* 2>/dev/null || echo "(no licence file in the package; see its package.json: $licence)"
    echo
  } >>"$out/LICENSES"
done

# preact's hooks import the bare specifier "preact"; the page's import map
# resolves it, so the files stay byte-for-byte as published.
echo "==> vendored into $out:"
ls -1 "$out"
