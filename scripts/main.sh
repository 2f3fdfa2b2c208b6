#!/usr/bin/env bash
# The main job: set up, build, and simulate the seed tutorial's schedules.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
lrsched=build/cli/lrsched

show() {
  echo
  echo "== $1"
  shift
  "$lrsched" simulate "$@" --steps 100 | awk 'NR == 1 || (NR - 2) % 10 == 0'  # every 10th step
}
# The seed builds an Adam optimizer with lr 0.1 (initial_lr 0.1) for 100 steps.
show "CosineAnnealingLR, eta_min=0.2, last_epoch=-1" \
  "CosineAnnealingLR(T_max=40, eta_min=0.2)" --optimizer adam --lr 1 --initial-lr 1
show "CosineAnnealingLR, eta_min=0.2, last_epoch=10 (optimizer carries initial_lr)" \
  "CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)" --optimizer adam --lr 1 --initial-lr 1
show "LambdaLR, lambda step: step%40/100." \
  "LambdaLR(lr_lambda=lambda step: step%40/100.)" --optimizer adam --lr 1
show "LambdaLR, lambda step: max(0, 1 - step / 100)" \
  "LambdaLR(lr_lambda=lambda step: max(0, 1 - step / 100))" --optimizer adam --lr 1
show "MultiplicativeLR, lambda step: 0.95" \
  "MultiplicativeLR(lr_lambda=lambda step: 0.95)" --optimizer adam --lr 1
show "ReduceLROnPlateau fed its own lr as the metric" \
  "ReduceLROnPlateau(patience=5)" --optimizer adam --lr 1 --metric lr
