#!/usr/bin/env bash
# Builds the schedule explorer into build-web/site/: index.html and its scripts, with lrsched's
# simulation engine compiled to WebAssembly by Debian's emscripten (installed when missing).
# The folder is static: open build-web/site/index.html from disk or publish it as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

# emscripten, glibc's source (the module computes cos, pow, exp, ... with the libm of the command
# line: web/libm/CMakeLists.txt), and clang 16, which compiles that libm's fused multiply-adds to
# relaxed SIMD (emscripten's clang, LLVM 14, knows only the instructions' draft encoding).
packages=()
command -v emcmake >/dev/null || packages+=(emscripten cmake ninja-build nlohmann-json3-dev)
compgen -G "/usr/src/glibc/glibc-*.tar.xz" >/dev/null || packages+=(glibc-source)
command -v clang-16 >/dev/null || packages+=(clang-16)
if ((${#packages[@]})); then
  echo "build-web: installing ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
glibc_source=$(compgen -G "/usr/src/glibc/glibc-*.tar.xz" | head -n1)
# emscripten's JavaScript tools need Debian's node-acorn, which a node that is not Debian's (first
# on PATH on some machines) does not find by itself.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

# nlohmann-json from Debian, without the rest of /usr/include (glibc's headers would shadow
# emscripten's libc): its headers alone, found through a package file of their own.
deps=$PWD/build-web/deps
mkdir -p "$deps/include" "$deps/nlohmann_json"
ln -sfn /usr/include/nlohmann "$deps/include/nlohmann"
cat >"$deps/nlohmann_json/nlohmann_jsonConfig.cmake" <<CMAKE
add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
                      INTERFACE_INCLUDE_DIRECTORIES "$deps/include")
CMAKE
printf 'set(PACKAGE_VERSION 3)\nset(PACKAGE_VERSION_COMPATIBLE TRUE)\n' \
  >"$deps/nlohmann_json/nlohmann_jsonConfigVersion.cmake"

# Exceptions are WebAssembly's own, in every file (lrsched reports bad input by throwing); the
# engine is compiled as one unit per library, as the main job does.
emcmake cmake -S . -B build-web -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="-fwasm-exceptions" -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=0 \
  -DLRSCHED_BUILD_WEB=ON -DLRSCHED_BUILD_CLI=OFF -DLRSCHED_BUILD_TESTS=OFF \
  -DLRSCHED_BUILD_BENCH=OFF -DLRSCHED_BUILD_EXAMPLES=OFF -DLRSCHED_WITH_TORCH=OFF \
  -DLRSCHED_INSTALL=OFF -Dnlohmann_json_DIR="$deps/nlohmann_json" -DLRSCHED_GLIBC_SOURCE="$glibc_source" \
  -DLRSCHED_RELAXED_SIMD_CC="$(command -v clang-16)" >/dev/null
cmake --build build-web --target lrsched_wasm lrsched_wasm_portable libm_check_relaxed \
  libm_check_portable

site=build-web/site
rm -rf "$site"
mkdir -p "$site"
cp web/index.html web/*.js web/*.css "$site"/ 2>/dev/null || true
cp build-web/web/lrsched-module.js build-web/web/lrsched-module-portable.js "$site"/
# the module contains glibc's libm functions, under glibc's licence
cp build-web/web/libm/glibc-*/COPYING.LIB "$site"/LICENSE.glibc.txt
size() { du -sh "$1" | cut -f1; }
echo "build-web: $site ($(size "$site"); modules $(size "$site/lrsched-module.js") and" \
  "$(size "$site/lrsched-module-portable.js"), one loaded)"
