#!/usr/bin/env bash
# Runs every benchmark and writes bench/results.json (and the tables of BENCHMARKS.md):
#
#   bench/run.sh
#
# Configures a Release build in build-bench/, builds lrsched_bench, the lrsched CLI and, when
# libtorch is found, torch_bench; then runs
#   1. lrsched_bench   (Google Benchmark: every class and family schedule, 1/8/64 groups, closed
#                       forms, baselines, timm's noise, every registry row)
#   2. torch_bench     (libtorch's StepLR vs lrsched's on the adapter), if built
#   3. pytorch_bench.py (PyTorch's step() for the same configurations, Debian's /usr/bin/python3;
#                       transformers' and timm's on their own code from ../shared/oracles)
#   4. simulate_bench.py (simulate 10M steps vs the Python loop, peak RSS, plot 1M steps)
#   5. web_bench.py and distributed_bench.py, where the web site and the test build exist
# and merges them (merge_results.py) into bench/results.json; make_table.py then rewrites the
# tables in BENCHMARKS.md. Intermediate outputs: build-bench/bench-out/. About 3 minutes on 2
# idle cores once built. Take figures on an idle machine: every ratio is measured in one run.
#
# Environment: BENCH_MIN_TIME (Google Benchmark seconds per benchmark, default 0.05),
# BENCH_REPETITIONS (default 3), BENCH_JOBS (build jobs, default 2),
# BENCH_PYTHON_FULL=1 (run the Python simulate loop for all 10M steps instead of 1M x10).
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD=build-bench
OUT="$BUILD/bench-out"
PY=/usr/bin/python3
MIN_TIME="${BENCH_MIN_TIME:-0.05}"
REPS="${BENCH_REPETITIONS:-3}"
JOBS="${BENCH_JOBS:-2}"

echo "== configure and build ($BUILD, Release)"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DLRSCHED_BUILD_BENCH=ON \
      -DLRSCHED_BUILD_CLI=ON -DLRSCHED_BUILD_TESTS=OFF >/dev/null
targets=(lrsched_bench lrsched_cli)
have_torch=0
# (grep reads all of it: with -q, an early exit would fail the pipeline under pipefail)
if cmake --build "$BUILD" --target help | grep '\btorch_bench\b' >/dev/null; then
  targets+=(torch_bench)
  have_torch=1
fi
cmake --build "$BUILD" -j"$JOBS" --target "${targets[@]}"
mkdir -p "$OUT"

gbench_flags=(--benchmark_min_time="$MIN_TIME" --benchmark_repetitions="$REPS"
              --benchmark_report_aggregates_only=true --benchmark_out_format=json)

echo "== lrsched_bench"
"$BUILD/bench/lrsched_bench" "${gbench_flags[@]}" --benchmark_out="$OUT/lrsched_bench.json"

torch_args=()
if [[ $have_torch == 1 ]]; then
  echo "== torch_bench"
  "$BUILD/bench/torch_bench" "${gbench_flags[@]}" --benchmark_out="$OUT/torch_bench.json"
  torch_args=(--torch-bench "$OUT/torch_bench.json")
fi

echo "== pytorch_bench.py"
"$PY" bench/pytorch_bench.py > "$OUT/pytorch.json"

echo "== simulate_bench.py"
sim_args=()
[[ "${BENCH_PYTHON_FULL:-0}" == 1 ]] && sim_args+=(--full)
"$PY" bench/simulate_bench.py --lrsched "$BUILD/cli/lrsched" "${sim_args[@]}" > "$OUT/simulate.json"

echo "== bench/results.json"
"$PY" bench/merge_results.py --lrsched-bench "$OUT/lrsched_bench.json" \
      --pytorch "$OUT/pytorch.json" --simulate "$OUT/simulate.json" "${torch_args[@]}" \
      --build-dir "$BUILD" -o bench/results.json
# The schedule explorer in headless Chromium, where it is built (scripts/build-web.sh).
if [[ -f build-web/site/index.html ]]; then
  echo "== web_bench.py"
  "$PY" bench/web_bench.py --site build-web/site --results bench/results.json
fi
# Data-parallel training's collectives and epochs on 1, 2 and 4 ranks, where the test build
# (scripts/setup.sh test) has built the example and the test worker it drives.
if [[ -x build/tests/torch/torch_distributed_worker && -x build/examples/fashion_mnist ]]; then
  echo "== distributed_bench.py"
  "$PY" bench/distributed_bench.py --build build --results bench/results.json
fi
"$PY" bench/make_table.py bench/results.json --update BENCHMARKS.md
"$PY" bench/make_table.py bench/results.json
