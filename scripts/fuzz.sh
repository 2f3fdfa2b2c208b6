#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) in build-fuzz and runs each for a bounded time
# on a scratch copy of the committed seed corpus. Exits non-zero when a target finds a crash,
# leak, timeout or out-of-memory, printing the reproducer (path and base64, so that a CI log is
# enough to replay it).
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 60)
#   FUZZ_SEED=N   libFuzzer's -seed (default 0: a new random seed each run). The test suite
#                 passes a fixed seed, so that its run is the same sequence of inputs every time
#                 and a failure there is reproducible; explore with random seeds and longer runs.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
  exit 2
fi
jobs="${FUZZ_BUILD_JOBS:-2}"
seed="${FUZZ_SEED:-0}"
build=build-fuzz
targets=(spec state metrics)

echo "== building fuzz targets in $build"
CC="${CC:-clang-14}" CXX="${CXX:-clang++-14}" \
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLRSCHED_BUILD_FUZZ=ON \
        -DLRSCHED_SANITIZE=ON -DLRSCHED_WITH_TORCH=OFF -DLRSCHED_BUILD_TESTS=OFF \
        -DLRSCHED_BUILD_BENCH=OFF -DLRSCHED_INSTALL=OFF \
        -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 >/dev/null  # as the main job
cmake --build "$build" -j"$jobs" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/artifacts" "$build/logs"
failed=0
for t in "${targets[@]}"; do
  # Fuzzing adds to its corpus directory; work on a copy so the committed seeds stay as they are.
  work="$build/corpus/$t"
  rm -rf "$work"
  mkdir -p "$work"
  cp -R "fuzz/corpus/$t/." "$work/"
  rm -f "$build/artifacts/$t"-*
  log="$build/logs/$t.log"
  args=(-max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 -max_len=4096
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-")
  if [ -f "fuzz/$t.dict" ]; then args+=(-dict="fuzz/$t.dict"); fi

  echo "== fuzz_$t for ${seconds}s, seed $seed (log: $log)"
  if "$build/fuzz/fuzz_$t" "${args[@]}" "$work" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|#[0-9]+.*DONE)' "$log" || true
  else
    failed=1
    tail -n 60 "$log"
    echo "!! fuzz_$t failed; reproducer(s):"
    for artifact in $(grep -o 'Test unit written to .*' "$log" | sed 's/^Test unit written to //'); do
      echo "   $artifact"
      echo "   base64: $(head -c 16384 "$artifact" | base64 -w0)"
    done
    echo "   replay: $build/fuzz/fuzz_$t <reproducer>"
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "== fuzzing found problems (artifacts in $build/artifacts/)"
  exit 1
fi
echo "== fuzzing found nothing"
