#!/usr/bin/env bash
# Checks that Korean inside code spans of `cargo doc` renders as Hangul, not boxes, on a
# machine without CJK fonts. The fallback (docs/hangul-code-font.html) is part of the
# crate's own docs, so every doc build has it; this builds the docs as CI does, makes a
# copy with the fallback's rule taken out, and takes a screenshot of the notes map in each
# with headless Chromium (apt-get install chromium).
# Look at the two PNGs: the first shows boxes in the "the notes" column, the second Hangul.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp}
mkdir -p "$out"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -q
page=rnn_from_scratch/notes_map/index.html
grep -q 'NanumBarunGothic", monospace' "target/doc/$page" || {
  echo "the fallback is missing from $page" >&2
  exit 1
}
rm -rf "$out/doc-without-font" && cp -r target/doc "$out/doc-without-font"
sed -i 's/"Source Code Pro", "NanumBarunGothic", monospace/"Source Code Pro", monospace/' \
  "$out/doc-without-font/$page"
chromium --headless --no-sandbox --disable-gpu --window-size=1280,1400 \
  --screenshot="$out/without-font.png" "file://$out/doc-without-font/$page"
chromium --headless --no-sandbox --disable-gpu --window-size=1280,1400 \
  --screenshot="$out/with-font.png" "file://$PWD/target/doc/$page"
echo "compare $out/without-font.png (boxes) with $out/with-font.png (Hangul)"
