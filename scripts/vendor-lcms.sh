#!/usr/bin/env bash
# Refreshes vendor/lcms-wasm/ from the npm registry: LittleCMS 2.16 (MIT) in WebAssembly, as the
# lcms-wasm package (MIT) publishes it. Vendored rather than a dependency because lcms-wasm 1.0.5 lists
# its test runner (tape) as a runtime dependency: 127 packages and 22 MB for 380 KB of code, on every
# user's machine. (1.0.2, the only other version, exports no malloc/free and cannot transform.)
set -euo pipefail
version="${1:-1.0.5}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "lcms-wasm@$version" >/dev/null && tar -xzf lcms-wasm-*.tgz)
mkdir -p "$here/vendor/lcms-wasm"
cp "$work/package/dist/lcms.js" "$work/package/dist/lcms.wasm" "$work/package/LICENSE.md" "$here/vendor/lcms-wasm/"
echo "lcms-wasm@$version" > "$here/vendor/lcms-wasm/VERSION"
echo "vendor/lcms-wasm/ now holds lcms-wasm@$version"
