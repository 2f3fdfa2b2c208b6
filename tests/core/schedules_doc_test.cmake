# docs/schedules.md shows examples/schedules_example.cpp and what it prints: both must be current.
#   cmake -DDOC=docs/schedules.md -DSOURCE=examples/schedules_example.cpp -DEXAMPLE=<binary>
#         -P schedules_doc_test.cmake
# The page's last ```cpp block must appear verbatim in the source, and its ```console block
# (after the command line) must be the program's output.

# The text between `opening` (a fence line) and the next closing fence, after position `from`.
function(block_after text opening from out_var)
  string(SUBSTRING "${text}" ${from} -1 rest)
  string(FIND "${rest}" "${opening}" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "${DOC}: no block opening with '${opening}'")
  endif()
  string(LENGTH "${opening}" length)
  math(EXPR start "${start} + ${length}")
  string(SUBSTRING "${rest}" ${start} -1 rest)
  string(FIND "${rest}" "\n```\n" end)
  if(end EQUAL -1)
    message(FATAL_ERROR "${DOC}: a block opening with '${opening}' is not closed")
  endif()
  math(EXPR end "${end} + 1")
  string(SUBSTRING "${rest}" 0 ${end} block)
  set(${out_var} "${block}" PARENT_SCOPE)
endfunction()

file(READ "${DOC}" doc)
file(READ "${SOURCE}" source)

string(FIND "${doc}" "## Example" example_section)
if(example_section EQUAL -1)
  message(FATAL_ERROR "${DOC}: no '## Example' section")
endif()
block_after("${doc}" "```cpp\n" ${example_section} code)
string(FIND "${source}" "${code}" found)
if(found EQUAL -1)
  message(FATAL_ERROR "${DOC}: the example's code differs from ${SOURCE}")
endif()

block_after("${doc}" "```console\n$ build/examples/schedules_example\n" ${example_section} shown)
execute_process(COMMAND "${EXAMPLE}" OUTPUT_VARIABLE output RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${EXAMPLE} exited with ${status}")
endif()
if(NOT output STREQUAL shown)
  message(FATAL_ERROR "${DOC}: the example's output differs from what it prints:\n${output}")
endif()
