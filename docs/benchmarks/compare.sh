#!/usr/bin/env bash
# Side by side, one thread each: this crate (--batch 1: min-char-rnn's one stream of text),
# the classic numpy char-RNN and PyTorch, on the same text with the same model, clipping and
# optimiser (Adagrad, lr 0.1).
#
#   bash docs/benchmarks/compare.sh [TEXT] [ITERS]
#
# TEXT defaults to /usr/share/common-licenses/GPL-3 (35 KB of English on Debian). Needs
# numpy and torch installed (pip install numpy torch); the crate itself needs neither.
set -euo pipefail
cd "$(dirname "$0")/../.."
text=${1:-/usr/share/common-licenses/GPL-3}
iters=${2:-20000}
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 # the classifier sets its own thread count
# Some machines set OPENBLAS_CORETYPE for old OpenBLAS builds; it slows a current numpy.
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
cargo build --release --quiet
echo "== hidden 100, seq-len 25, $iters iterations =="
echo -n "rnn-from-scratch: "; ./target/release/rnn char-rnn train --batch 1 --text "$text" --iters "$iters" --quiet
python3 docs/benchmarks/numpy_char_rnn.py --text "$text" --iters "$iters"
python3 docs/benchmarks/pytorch_char_rnn.py --text "$text" --iters "$iters"
small=$((iters / 50))
echo "== hidden 512, seq-len 25, $small iterations =="
echo -n "rnn-from-scratch: "; ./target/release/rnn char-rnn train --batch 1 --text "$text" --hidden 512 --iters "$small" --quiet
python3 docs/benchmarks/numpy_char_rnn.py --text "$text" --hidden 512 --iters "$small"
python3 docs/benchmarks/pytorch_char_rnn.py --text "$text" --hidden 512 --iters "$small"
for cell in lstm gru; do
  gated=$((iters / 10))
  echo "== $cell, hidden 100, seq-len 25, $gated iterations =="
  echo -n "rnn-from-scratch: "; ./target/release/rnn char-rnn train --batch 1 --cell "$cell" --text "$text" --iters "$gated" --quiet --sample-every 0
  python3 docs/benchmarks/pytorch_char_rnn.py --cell "$cell" --text "$text" --iters "$gated"
  gated512=$((iters / 100))
  echo "== $cell, hidden 512, seq-len 25, $gated512 iterations =="
  echo -n "rnn-from-scratch: "; ./target/release/rnn char-rnn train --batch 1 --cell "$cell" --text "$text" --hidden 512 --iters "$gated512" --quiet --sample-every 0
  python3 docs/benchmarks/pytorch_char_rnn.py --cell "$cell" --text "$text" --hidden 512 --iters "$gated512"
done
echo "== the batched classifier: lstm, batch 32, seq-len 35, E 64, hidden 128, V 2000, 2 threads =="
./target/release/rnn bench --cell lstm --batch 32 --seq-len 35 --embedding 64 --hidden 128 --vocab 2000 --threads 2
python3 docs/benchmarks/pytorch_classifier.py --cell lstm --threads 2
python3 docs/benchmarks/pytorch_classifier.py --cell lstm --threads 2 --float32
