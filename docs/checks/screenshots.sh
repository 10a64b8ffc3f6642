#!/usr/bin/env bash
# Screenshots, with headless Chromium (apt-get install chromium), of what a reader sees:
# every chapter of `cargo doc` in English and in Korean at 1280 px, and every plot the
# programs draw. Look at them before saying a picture reads right: labels inside their
# boxes, legends off the curves, Hangul as Hangul.
#
#   bash docs/checks/screenshots.sh [OUT]      # OUT defaults to /tmp/rnn-screenshots
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-/tmp/rnn-screenshots}
mkdir -p "$out"
shot() { # shot NAME URL [HEIGHT]
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --no-first-run --hide-scrollbars --window-size="1280,${3:-1400}" \
    --screenshot="$out/$1.png" "$2" 2>/dev/null
}
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -q
doc="file://$PWD/target/doc/rnn_from_scratch"
for chapter in notes_map unrolled saturation bptt_chapter books many_to_one many_to_many \
  one_to_many encoder_decoder frameworks; do
  shot "en-$chapter" "$doc/$chapter/index.html" 2400
  shot "ko-$chapter" "$doc/ko/$chapter/index.html" 2400
done
shot en-long_memory "$doc/programs/long_memory/index.html" 2400
shot ko-long_memory "$doc/ko/long_memory/index.html" 2400
shot front-page "$doc/index.html" 2400
cargo build --release -q
rnn=./target/release/rnn
"$rnn" --plot "$out/heat-map.svg" > /dev/null 2>&1
"$rnn" vanishing --plot "$out/vanishing.svg" > /dev/null 2>&1
"$rnn" long-memory --lengths 5,20,50 --steps 300 --plot "$out/long-memory.svg" --quiet > /dev/null 2>&1
"$rnn" char-rnn train --iters 3000 --validate 0.1 --sample-every 1000 --quiet \
  --plot "$out/loss.svg" > /dev/null 2>&1
for svg in heat-map vanishing long-memory loss; do
  shot "plot-$svg" "file://$out/$svg.svg" 700
done
echo "screenshots in $out"
