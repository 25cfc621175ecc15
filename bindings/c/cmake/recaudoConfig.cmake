# CMake package config for recaudo's C library, installed by install.sh into
# <prefix>/lib/cmake/recaudo/. Use:
#
#   find_package(recaudo 0.1 REQUIRED)        # with CMAKE_PREFIX_PATH=<prefix>
#   target_link_libraries(app PRIVATE recaudo::recaudo)   # shared
#   target_link_libraries(app PRIVATE recaudo::static)    # static, with its system libraries
#
# Paths are relative to this file, so the prefix can be moved.
get_filename_component(_recaudo_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
include(CMakeFindDependencyMacro)
find_dependency(Threads)

if(NOT TARGET recaudo::recaudo)
  add_library(recaudo::recaudo SHARED IMPORTED)
  set_target_properties(recaudo::recaudo PROPERTIES
    IMPORTED_LOCATION "${_recaudo_prefix}/lib/librecaudo_ffi.so"
    IMPORTED_NO_SONAME TRUE
    INTERFACE_INCLUDE_DIRECTORIES "${_recaudo_prefix}/include")
endif()

if(NOT TARGET recaudo::static)
  add_library(recaudo::static STATIC IMPORTED)
  set_target_properties(recaudo::static PROPERTIES
    IMPORTED_LOCATION "${_recaudo_prefix}/lib/librecaudo_ffi.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_recaudo_prefix}/include"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;gcc_s;util;rt;m;dl")
endif()

unset(_recaudo_prefix)
set(recaudo_FOUND TRUE)
