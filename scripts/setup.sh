#!/usr/bin/env bash
# Installs what lrsched needs on Debian 12 (as root) and builds it. Two profiles:
#   main  the command-line tool only, Release, into build-main/ (what scripts/main.sh runs)
#   test  everything (tests, benchmarks, examples, the libtorch adapter) into build/ (the default;
#         what scripts/test.sh runs)
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${1:-test}

# The command-line tool: the toolchain, the CLI's and the state files' libraries, PLplot with its
# cairo driver (PNG/SVG/PDF) and a font.
main_packages=(
  g++ make cmake pkg-config
  libcli11-dev nlohmann-json3-dev
  libplplot-dev plplot-driver-cairo fonts-dejavu-core
)
# The rest of the tests and tools, on top of those.
test_packages=(
  build-essential libfmt-dev                     # the rest of Debian's toolchain; {fmt}
  libgtest-dev libgmock-dev libbenchmark-dev     # tests and benchmarks
  libtorch-dev zlib1g-dev dataset-fashion-mnist  # the libtorch adapter and its training example
  python3-pil                                    # image checks in the plot tests
  python3-torch                                  # the PyTorch oracle for parity tests
  python3-numpy                                  # the families' reference oracles (Optax, Keras)
  clang-14 libclang-rt-14-dev clang-tidy-14 valgrind  # fuzzing, static analysis, memcheck
  zsh groff-base man-db                          # checks of the zsh completion and the man page
)

case $profile in
  main) packages=("${main_packages[@]}") ;;
  test) packages=("${main_packages[@]}" "${test_packages[@]}") ;;
  *)
    echo "usage: scripts/setup.sh [main|test]" >&2
    exit 2
    ;;
esac

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

if [[ $profile == main ]]; then
  # Only the tool: CMake then looks for neither libtorch, GoogleTest nor Google Benchmark.
  cmake -S . -B build-main -DCMAKE_BUILD_TYPE=Release -DLRSCHED_BUILD_TESTS=OFF \
        -DLRSCHED_BUILD_BENCH=OFF -DLRSCHED_BUILD_EXAMPLES=OFF -DLRSCHED_WITH_TORCH=OFF >/dev/null
  cmake --build build-main -j"$(nproc)" --target lrsched_cli
else
  build_type=${LRSCHED_BUILD_TYPE:-RelWithDebInfo}
  cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" -DLRSCHED_WARNINGS_AS_ERRORS=ON \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  cmake --build build -j"$(nproc)"
fi
