#!/usr/bin/env bash
# Installs what lrsched needs on Debian 12 (as root) and builds it into build/.
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config          # toolchain
  libgtest-dev libgmock-dev libbenchmark-dev  # tests and benchmarks
  libtorch-dev zlib1g-dev dataset-fashion-mnist  # the libtorch adapter and its training example
  libcli11-dev nlohmann-json3-dev libfmt-dev  # CLI, state files
  libplplot-dev plplot-driver-cairo fonts-dejavu-core  # plot: PNG/SVG/PDF through cairo
  python3-pil                                 # image checks in the plot tests
  python3-torch                               # the PyTorch oracle for parity tests
  python3-numpy                               # the families' reference oracles (Optax, Keras) compute on it
  clang-14 libclang-rt-14-dev clang-tidy-14 valgrind  # fuzzing, static analysis, memcheck
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_type=${LRSCHED_BUILD_TYPE:-RelWithDebInfo}
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" -DLRSCHED_WARNINGS_AS_ERRORS=ON \
      -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build -j"$(nproc)"
