# CMake snippet for the recaudo C library. Set RECAUDO_ROOT to a checkout (after
# `cargo build --release -p recaudo-ffi`) or an install prefix, then:
#
#   include(path/to/bindings/c/recaudo.cmake)
#   target_link_libraries(my_app PRIVATE recaudo::recaudo)
#
# Links the static library; the system libraries are rustc's `--print native-static-libs`.
set(RECAUDO_ROOT "${CMAKE_CURRENT_LIST_DIR}/../.." CACHE PATH "recaudo checkout or prefix")
find_path(RECAUDO_INCLUDE_DIR recaudo.h
  PATHS "${RECAUDO_ROOT}/bindings/c" "${RECAUDO_ROOT}/include" NO_DEFAULT_PATH)
find_library(RECAUDO_STATIC_LIBRARY NAMES librecaudo_ffi.a
  PATHS "${RECAUDO_ROOT}/target/release" "${RECAUDO_ROOT}/lib" NO_DEFAULT_PATH)
if(NOT RECAUDO_INCLUDE_DIR OR NOT RECAUDO_STATIC_LIBRARY)
  message(FATAL_ERROR "recaudo not found under ${RECAUDO_ROOT}")
endif()
find_package(Threads REQUIRED)
add_library(recaudo::recaudo STATIC IMPORTED)
set_target_properties(recaudo::recaudo PROPERTIES
  IMPORTED_LOCATION "${RECAUDO_STATIC_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${RECAUDO_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "Threads::Threads;m;dl;rt;util")
