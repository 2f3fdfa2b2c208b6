#!/usr/bin/env bash
# Sets up and runs every test: the full suite (unit, conformance, golden, CLI, packaging, live
# differential and long runs against PyTorch), the CLI tests under Valgrind memcheck, the whole
# suite again under ASan+UBSan, the web page (its WebAssembly module and its libm against the
# native ones, the page in headless Chromium), a bounded libFuzzer run of every fuzz target, and
# clang-tidy.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each stage's heading says how long the run has taken so far.
stage() { printf '== %s (at %d min %02d s)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60)); }

stage "setup and build"
scripts/setup.sh test

stage "tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" -LE valgrind

stage "the web page: its libm and its API against the native ones, the page in headless Chromium"
scripts/build-web.sh
build/tests/libm_check dump 500000 build-web/libm-reference.bin
# relaxed SIMD is on by default from node 22 on; node 20 has it behind a flag
relaxed_node=(node)
flag=--experimental-wasm-relaxed-simd
node "$flag" -e 0 2>/dev/null && relaxed_node+=("$flag")
"${relaxed_node[@]}" build-web/web/libm_check_relaxed.js check build-web/libm-reference.bin
node build-web/web/libm_check_portable.js check build-web/libm-reference.bin
rm build-web/libm-reference.bin
/usr/bin/python3 tests/web/browser_test.py build-web/site build/cli/lrsched

stage "CLI tests under Valgrind memcheck"
ctest --test-dir build --output-on-failure -j"$(nproc)" -L valgrind

stage "tests under AddressSanitizer + UndefinedBehaviorSanitizer"
# The libraries and the tool compiled as one unit each, as the main job compiles them (so that
# this stays possible; the tests are compiled file by file). Without libtorch (not built with the
# sanitizers), without the packaging tests (they build consumer projects against an install,
# which is not about memory safety) and without the slow parity runs (thousands of random
# schedules against the Python oracles: the same code paths as the unit and CLI tests that do run
# here, ten times slower under the sanitizers).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLRSCHED_SANITIZE=ON -DLRSCHED_WITH_TORCH=OFF \
      -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 -DLRSCHED_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
# PLplot's cairo and font libraries keep process-lifetime allocations that LSan would report.
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE "packaging|valgrind|slow"

# A fixed seed: the same inputs on every run, so that a failure here is reproducible (see
# scripts/fuzz.sh for exploring with random seeds).
stage "fuzzing (libFuzzer, ASan+UBSan), ${LRSCHED_FUZZ_SECONDS:-60} s per target"
FUZZ_SEED="${FUZZ_SEED:-1}" scripts/fuzz.sh "${LRSCHED_FUZZ_SECONDS:-60}"

stage "clang-tidy"
scripts/tidy.sh
stage "done"
