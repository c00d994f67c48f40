# SPDX-License-Identifier: Apache-2.0
# rp_add_library(NAME x SRCS a.cc b.cc DEPS retailpipe::base PRIVATE_DEPS fmt::fmt)
#   makes target rp_x with alias retailpipe::x. DEPS are PUBLIC (they appear in headers).
# Every test also links retailpipe::testing (shared fixtures such as TempDir).
# rp_add_test(NAME x_test SRCS x_test.cc DEPS retailpipe::x LABELS unit)
function(rp_add_library)
  cmake_parse_arguments(A "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(rp_${A_NAME} STATIC ${A_SRCS})
  add_library(retailpipe::${A_NAME} ALIAS rp_${A_NAME})
  target_include_directories(rp_${A_NAME} PUBLIC ${CMAKE_SOURCE_DIR}/src ${CMAKE_BINARY_DIR}/src)
  target_link_libraries(rp_${A_NAME} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS}
                        retailpipe::warnings retailpipe::sanitizers)
endfunction()

function(rp_add_test)
  cmake_parse_arguments(A "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT RP_BUILD_TESTS)
    return()
  endif()
  add_executable(${A_NAME} ${A_SRCS})
  target_link_libraries(${A_NAME} PRIVATE ${A_DEPS} retailpipe::testing GTest::gmock GTest::gtest_main
                        retailpipe::warnings retailpipe::sanitizers)
  if(NOT A_LABELS)
    set(A_LABELS unit)
  endif()
  include(GoogleTest)
  gtest_discover_tests(${A_NAME} PROPERTIES LABELS "${A_LABELS}" DISCOVERY_TIMEOUT 30)
endfunction()
