# schedules_example takes no options: a word it does not know is a usage error (exit 2) with one
# line naming it, and nothing on stdout, instead of being ignored.
#   cmake -DEXAMPLE=<binary> -P schedules_example_arguments_test.cmake
foreach(word "--steps" "100")
  execute_process(COMMAND "${EXAMPLE}" "${word}" OUTPUT_VARIABLE out ERROR_VARIABLE err
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 2)
    message(FATAL_ERROR "schedules_example ${word}: exit ${status}, expected 2")
  endif()
  if(NOT out STREQUAL "")
    message(FATAL_ERROR "schedules_example ${word}: printed '${out}' on stdout")
  endif()
  set(expected "schedules_example: error: unexpected argument '${word}': it takes no options (see --help)\n")
  if(NOT err STREQUAL expected)
    message(FATAL_ERROR "schedules_example ${word}: stderr '${err}', expected '${expected}'")
  endif()
endforeach()
