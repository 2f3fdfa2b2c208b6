# lrsched_install_pkgconfig(<name> <target> <description> [<requires>]): installs <name>.pc, for
# `pkg-config --cflags --libs <name>`, to link <target> (a C++20 library) and what it requires.
#
# The prefix in the file is the one the project is installed to, `cmake --install --prefix`
# included: the file is configured twice, here with everything but the prefix, and at install
# time with CMAKE_INSTALL_PREFIX as the install sees it.
function(lrsched_install_pkgconfig name target description)
  set(LRSCHED_PC_NAME ${name})
  set(LRSCHED_PC_DESCRIPTION "${description}")
  set(LRSCHED_PC_REQUIRES "${ARGN}")
  get_target_property(LRSCHED_PC_LIBRARY ${target} OUTPUT_NAME)
  if(NOT LRSCHED_PC_LIBRARY)
    set(LRSCHED_PC_LIBRARY ${target})
  endif()
  set(LRSCHED_PC_PREFIX "@CMAKE_INSTALL_PREFIX@")
  foreach(kind LIBDIR INCLUDEDIR)
    if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
      set(LRSCHED_PC_${kind} "${CMAKE_INSTALL_${kind}}")
    else()
      set(LRSCHED_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
    endif()
  endforeach()
  set(stage "${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/lrsched.pc.in" "${stage}.in" @ONLY)
  install(CODE "configure_file(\"${stage}.in\" \"${stage}\" @ONLY)")
  install(FILES "${stage}" DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
