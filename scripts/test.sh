#!/usr/bin/env bash
# Sets up and runs every test: the full suite (unit, conformance, golden, CLI, packaging, live
# differential and long runs against PyTorch), the CLI tests under Valgrind memcheck, the whole
# suite again under ASan+UBSan, a bounded libFuzzer run of every fuzz target, and clang-tidy.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)" -LE valgrind

echo "== CLI tests under Valgrind memcheck"
ctest --test-dir build --output-on-failure -j"$(nproc)" -L valgrind

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
# Without libtorch (not built with the sanitizers), without the packaging tests (they build
# consumer projects against an install, which is not about memory safety) and without the slow
# parity runs (thousands of random schedules against the Python oracles: the same code paths as
# the unit and CLI tests that do run here, ten times slower under the sanitizers).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLRSCHED_SANITIZE=ON -DLRSCHED_WITH_TORCH=OFF \
      -DLRSCHED_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
# PLplot's cairo and font libraries keep process-lifetime allocations that LSan would report.
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE "packaging|valgrind|slow"

# A fixed seed: the same inputs on every run, so that a failure here is reproducible (see
# scripts/fuzz.sh for exploring with random seeds).
echo "== fuzzing (libFuzzer, ASan+UBSan), ${LRSCHED_FUZZ_SECONDS:-60} s per target"
FUZZ_SEED="${FUZZ_SEED:-1}" scripts/fuzz.sh "${LRSCHED_FUZZ_SECONDS:-60}"

echo "== clang-tidy"
scripts/tidy.sh
