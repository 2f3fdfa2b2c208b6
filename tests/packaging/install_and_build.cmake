# Installs the already-built project into a scratch prefix, then builds and runs the
# find_package consumers against it (lrsched::lrsched, lrsched::spec, and lrsched::torch when
# EXPECT_TORCH). Run with cmake -P and -D{BUILD_DIR,SOURCE_DIR,WORK_DIR,EXPECT_TORCH}.
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
