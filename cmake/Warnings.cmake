# labs::warnings: the warning flags every target of the project builds with.
add_library(labs_warnings INTERFACE)
add_library(labs::warnings ALIAS labs_warnings)

if(MSVC)
  target_compile_options(labs_warnings INTERFACE /W4 /permissive- /utf-8
    $<$<BOOL:${LABS_WARNINGS_AS_ERRORS}>:/WX>)
  # MSVC calls getenv, strerror and the like "unsafe" (C4996) and wants its own _s versions.
  target_compile_definitions(labs_warnings INTERFACE _CRT_SECURE_NO_WARNINGS)
else()
  target_compile_options(labs_warnings INTERFACE -Wall -Wextra -Wpedantic
    $<$<BOOL:${LABS_WARNINGS_AS_ERRORS}>:-Werror>)
endif()

# GCC warns that ThreadSanitizer does not see std::atomic_thread_fence, which asio uses;
# the warning says nothing about the labs' code. (Clang has no such warning, nor its flag.)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_FLAGS MATCHES "-fsanitize=thread")
  target_compile_options(labs_warnings INTERFACE -Wno-tsan)
endif()
