# SPDX-License-Identifier: Apache-2.0
# INTERFACE targets for compiler flags, linked privately by every module (never CMAKE_CXX_FLAGS).
add_library(rp_warnings INTERFACE)
add_library(retailpipe::warnings ALIAS rp_warnings)
target_compile_options(rp_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
  $<$<BOOL:${RP_WERROR}>:-Werror>)

add_library(rp_sanitizers INTERFACE)
add_library(retailpipe::sanitizers ALIAS rp_sanitizers)
if(RP_SANITIZE)
  target_compile_options(rp_sanitizers INTERFACE -fsanitize=${RP_SANITIZE} -fno-omit-frame-pointer
                         -fno-sanitize-recover=all)
  target_link_options(rp_sanitizers INTERFACE -fsanitize=${RP_SANITIZE})
endif()
