#!/usr/bin/env bash
# Trains a small model of each cell with the crate, then generates 300 characters greedily
# with the crate and with PyTorch (pytorch_sample.py) and compares them byte for byte.
# Needs numpy and torch; run from anywhere: bash docs/interop/check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for cell in rnn lstm gru; do
  ./target/release/rnn char-rnn train --cell "$cell" --text README.md --iters 1500 --hidden 48 \
    --quiet --sample-every 0 --save "$work/$cell" > /dev/null
  for prompt in "The " "순환 " "cargo"; do
    crate=$(./target/release/rnn char-rnn sample --load "$work/$cell" --prompt "$prompt" --len 300 --temperature 0)
    torch=$(python3 docs/interop/pytorch_sample.py --load "$work/$cell" --prompt "$prompt" --len 300)
    if [ "$crate" == "$torch" ]; then
      echo "$cell, prompt '$prompt': the same 300 characters"
    else
      echo "$cell, prompt '$prompt': DIFFERENT"; diff <(echo "$crate") <(echo "$torch") | head -5; exit 1
    fi
  done
done
