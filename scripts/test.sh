#!/usr/bin/env bash
# Sets up and runs every test: the full suite (unit, conformance, golden, CLI, packaging, live
# differential against PyTorch), then the unit tests again under ASan+UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== tests"
ctest --test-dir build --output-on-failure -j"$(nproc)"

echo "== tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLRSCHED_SANITIZE=ON -DLRSCHED_WITH_TORCH=OFF \
      -DLRSCHED_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
# PLplot's cairo and font libraries keep process-lifetime allocations that LSan would report.
LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
  ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -LE "slow|packaging"
