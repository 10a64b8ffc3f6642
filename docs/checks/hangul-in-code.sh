#!/usr/bin/env bash
# Checks that Korean inside code spans of `cargo doc` renders as Hangul, not boxes, on a
# machine without CJK fonts: builds the docs with and without docs/hangul-code-font.html
# and takes a screenshot of the notes map with headless Chromium (apt-get install chromium).
# Look at the two PNGs: the first shows boxes in the "the notes" column, the second Hangul.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp}
mkdir -p "$out"
cargo doc --no-deps -q --config 'build.rustdocflags=[]'
rm -rf "$out/doc-without-font" && cp -r target/doc "$out/doc-without-font"
cargo doc --no-deps -q
page=rnn_from_scratch/notes_map/index.html
chromium --headless --no-sandbox --disable-gpu --window-size=1100,1400 \
  --screenshot="$out/without-font.png" "file://$out/doc-without-font/$page"
chromium --headless --no-sandbox --disable-gpu --window-size=1100,1400 \
  --screenshot="$out/with-font.png" "file://$PWD/target/doc/$page"
echo "compare $out/without-font.png (boxes) with $out/with-font.png (Hangul)"
