#!/usr/bin/env bash
# Installs what lrsched needs on Debian 12 (as root) and builds it. Two profiles:
#   main  the command-line tool only, Release, into build-main/ (what scripts/main.sh runs)
#   test  everything (tests, benchmarks, examples, the libtorch adapter) into build/ (the default;
#         what scripts/test.sh runs)
# Idempotent: packages already present are not reinstalled, the build is incremental.
set -euo pipefail
shopt -s inherit_errexit  # a failure inside $(...) stops the script too
cd "$(dirname "$0")/.."
profile=${1:-test}

# The command-line tool: the toolchain, the CLI's and the state files' libraries, PLplot's C and
# C++ libraries with its cairo driver (PNG/SVG/PDF) and a font. PLplot's headers come from
# libplplot-dev (see plplot_headers below).
main_packages=(
  g++ cmake ninja-build pkg-config
  libcli11-dev nlohmann-json3-dev
  libplplot17 libplplotcxx15 plplot-driver-cairo fonts-dejavu-core
)
# The rest of the tests and tools, on top of those.
test_packages=(
  build-essential libfmt-dev                     # the rest of Debian's toolchain; {fmt}
  libplplot-dev                                  # PLplot's headers, installed the usual way
  libgtest-dev libgmock-dev libbenchmark-dev     # tests and benchmarks
  libtorch-dev zlib1g-dev dataset-fashion-mnist  # the libtorch adapter and its training example
  libgloo-dev                                    # Gloo's headers, for data-parallel training (c10d)
  python3-pil                                    # image checks in the plot tests
  python3-torch                                  # the PyTorch oracle for parity tests
  python3-numpy                                  # the families' reference oracles (Optax, Keras)
  clang-14 libclang-rt-14-dev clang-tidy-14 valgrind  # fuzzing, static analysis, memcheck
  zsh groff-base man-db                          # checks of the zsh completion and the man page
  emscripten glibc-source clang-16               # the web page's modules (scripts/build-web.sh)
  chromium chromium-driver python3-selenium      # the page's tests, in headless Chromium
)

case $profile in
  main) packages=("${main_packages[@]}") ;;
  test) packages=("${main_packages[@]}" "${test_packages[@]}") ;;
  *)
    echo "usage: scripts/setup.sh [main|test]" >&2
    exit 2
    ;;
esac

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PLplot's headers and pkg-config files for the main profile, without installing libplplot-dev:
# that package depends on the toolchains of all PLplot's bindings (Qt, wxWidgets, gfortran: 160
# packages, most of a fresh machine's install time), none of which the tool uses. The same .deb,
# at the installed libraries' version, is unpacked into build-main/plplot-dev instead, with its
# link names pointing at the installed libraries. Prints the folder for CMAKE_PREFIX_PATH (empty
# when libplplot-dev is installed).
plplot_headers() {
  installed libplplot-dev && return
  local dir=$PWD/build-main/plplot-dev multiarch version
  if [[ ! -f $dir/lib/pkgconfig/plplot-c++.pc ]]; then
    multiarch=$(gcc -print-multiarch)
    version=$(dpkg-query -W -f='${Version}' libplplot17)
    rm -rf "$dir" && mkdir -p "$dir/deb" "$dir/lib/pkgconfig"
    (cd "$dir/deb" && apt-get download -qq -o APT::Sandbox::User=root "libplplot-dev=$version")
    dpkg-deb -x "$dir"/deb/*.deb "$dir/deb/root"
    mv "$dir/deb/root/usr/include" "$dir/include"
    for name in plplot plplotcxx; do
      ln -s "/usr/lib/$multiarch/$(readlink "$dir/deb/root/usr/lib/$multiarch/lib$name.so")" \
            "$dir/lib/lib$name.so"
    done
    for pc in plplot plplot-c++; do
      sed -e "s|^libdir=.*|libdir=$dir/lib|" -e "s|^includedir=.*|includedir=$dir/include/plplot|" \
          "$dir/deb/root/usr/lib/$multiarch/pkgconfig/$pc.pc" >"$dir/lib/pkgconfig/$pc.pc"
    done
    rm -rf "$dir/deb"
  fi
  echo "$dir"
}

if [[ $profile == main ]]; then
  # Only the tool (CMake then looks for neither libtorch, GoogleTest nor Google Benchmark), each
  # library compiled as one unit: the command line's parser, CLI11, costs 6 s of compiling in every
  # file that includes it, which a unity build pays once.
  grep -qs "CMAKE_GENERATOR:INTERNAL=Ninja" build-main/CMakeCache.txt || rm -rf build-main
  plplot_prefix=$(plplot_headers)
  cmake -S . -B build-main -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$plplot_prefix" \
        -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 -DLRSCHED_BUILD_TESTS=OFF \
        -DLRSCHED_BUILD_BENCH=OFF -DLRSCHED_BUILD_EXAMPLES=OFF -DLRSCHED_WITH_TORCH=OFF >/dev/null
  cmake --build build-main -j"$(nproc)" --target lrsched_cli
else
  build_type=${LRSCHED_BUILD_TYPE:-RelWithDebInfo}
  cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" -DLRSCHED_WARNINGS_AS_ERRORS=ON \
        -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
  cmake --build build -j"$(nproc)"
fi
