#!/usr/bin/env bash
# The main job: set up, build, and draw the gallery (every class and the seed tutorial's figures).
# Installs and builds only the command-line tool (into build-main/, apart from the test build).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh main
lrsched=build-main/cli/lrsched

# A figure per scheduler class plus the seed tutorial's figures, with an index.
"$lrsched" gallery -o gallery
echo
echo "Open gallery/index.html. In the terminal, the seed's CosineAnnealingLR figure:"
"$lrsched" plot "CosineAnnealingLR(T_max=40, eta_min=0.2)" \
  "CosineAnnealingLR(T_max=40, eta_min=0.2, last_epoch=10)" \
  --then "CosineAnnealingLR(T_max=40, eta_min=0.5, last_epoch=10)" \
  --label "eta_min=0.2, last epoch=-1" --label "eta_min=0.2, last epoch=10" \
  --label "eta_min=0.5, last epoch=10" --optimizer adam --lr 1 --initial-lr 1 \
  --title CosineAnnealingLR --term

# The schedule explorer (a static page running lrsched in WebAssembly) where emscripten is
# installed; elsewhere scripts/build-web.sh installs it and builds the page.
if command -v emcmake >/dev/null; then
  echo
  scripts/build-web.sh
  echo "Open build-web/site/index.html for the schedule explorer."
fi
