# Installs the already-built project into a scratch prefix, then builds and runs the
# find_package consumers against it (lrsched::lrsched, lrsched::spec, and lrsched::torch when
# EXPECT_TORCH), and the consumers of lrsched and lrsched::spec again with the compiler alone and
# `pkg-config --cflags --libs`. With EXPECT_CLI, checks that the tool, its shell completions and
# its man page are installed where bash-completion, zsh and man look for them. Run with cmake -P
# and -D{BUILD_DIR,SOURCE_DIR,WORK_DIR,EXPECT_TORCH,EXPECT_CLI,CXX,PKG_CONFIG} and the install
# folders -D{BINDIR,LIBDIR,DATADIR,MANDIR} (GNUInstallDirs' relative ones).
file(REMOVE_RECURSE "${WORK_DIR}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(rc)
  message(FATAL_ERROR "install failed")
endif()
if(NOT DEFINED EXPECT_TORCH)
  set(EXPECT_TORCH OFF)
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" -S "${SOURCE_DIR}/tests/packaging/find_package"
                        -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix"
                        "-DLRSCHED_EXPECT_TORCH=${EXPECT_TORCH}"
                RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build" RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "building the consumer failed")
endif()
set(consumers consumer spec_consumer)
if(EXPECT_TORCH)
  list(APPEND consumers torch_consumer)
endif()
foreach(consumer IN LISTS consumers)
  execute_process(COMMAND "${WORK_DIR}/build/${consumer}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${consumer} computed the wrong lr")
  endif()
endforeach()

# pkg-config: the compiler and the flags of lrsched.pc / lrsched-spec.pc, nothing else.
set(ENV{PKG_CONFIG_PATH} "${WORK_DIR}/prefix/${LIBDIR}/pkgconfig")
foreach(pair IN ITEMS "consumer=lrsched" "spec_consumer=lrsched-spec")
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 consumer)
  list(GET pair 1 module)
  execute_process(COMMAND "${PKG_CONFIG}" --cflags --libs ${module} OUTPUT_VARIABLE flags
                  OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "pkg-config --cflags --libs ${module} failed")
  endif()
  separate_arguments(flags UNIX_COMMAND "${flags}")
  set(program "${WORK_DIR}/pkg-config/${consumer}")
  file(MAKE_DIRECTORY "${WORK_DIR}/pkg-config")
  execute_process(COMMAND "${CXX}" "${SOURCE_DIR}/tests/packaging/${consumer}.cpp" -o "${program}"
                          ${flags}
                  RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "building ${consumer} with pkg-config's flags for ${module} failed")
  endif()
  execute_process(COMMAND "${program}" RESULT_VARIABLE rc)
  if(rc)
    message(FATAL_ERROR "${consumer} (pkg-config) computed the wrong lr")
  endif()
endforeach()

if(EXPECT_CLI)
  foreach(file IN ITEMS "${BINDIR}/lrsched" "${DATADIR}/bash-completion/completions/lrsched"
                        "${DATADIR}/zsh/site-functions/_lrsched" "${MANDIR}/man1/lrsched.1")
    if(NOT EXISTS "${WORK_DIR}/prefix/${file}")
      message(FATAL_ERROR "${file} is not installed")
    endif()
  endforeach()
endif()
