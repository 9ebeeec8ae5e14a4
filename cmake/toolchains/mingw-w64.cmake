# Cross-compiling for Windows (x86_64) from Linux with MinGW-w64, to run and test the
# Winsock code paths under Wine:
#
#   cmake -S . -B /tmp/wincross -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/toolchains/mingw-w64.cmake
#   cmake --build /tmp/wincross
#   WINEDEBUG=-all wine /tmp/wincross/solutions/01-tcp-server/tcp_server.exe --port 0
#
# Debian/Ubuntu: apt-get install g++-mingw-w64-x86-64-posix wine64 (wine on Debian 12).
# The posix-threads flavour of the compilers is required: std::thread and std::mutex
# (labkit's stop.cpp) need it with GCC older than 13.
#
# Options (cache variables, all with defaults that suit Debian 12):
#   MINGW_TRIPLET            x86_64-w64-mingw32
#   MINGW_SYSROOT            /usr/<triplet>: where the Windows headers and import libraries are
#   MINGW_NATIVE_ASIO        ON: let the build use the host's header-only standalone asio
#                            (Debian's libasio-dev, /usr/include/asio.hpp); see below
#   WINE                     the Wine loader CMake runs Windows programs with (try_run,
#                            gtest_discover_tests, add_test): CMAKE_CROSSCOMPILING_EMULATOR
# Run Wine with WINEDEBUG=-all in the environment to keep its messages off stderr.
#
# Under Wine: SIGINT reaches a program as CTRL_C_EVENT (its SetConsoleCtrlHandler handler
# runs); SIGTERM and SIGHUP kill it outright (status -15/-1); Ctrl+Break cannot be sent.
# AF_UNIX sockets are not supported by Wine 8 (socket() fails with WSAEAFNOSUPPORT).

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_VERSION 10.0)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(MINGW_TRIPLET "x86_64-w64-mingw32" CACHE STRING "MinGW-w64 target triplet (the compilers' prefix)")
set(MINGW_SYSROOT "/usr/${MINGW_TRIPLET}" CACHE PATH "MinGW-w64 headers and libraries")

# --- The compilers: the posix-threads flavour (<triplet>-g++-posix) wherever it exists;
# a plain <triplet>-g++ only if it is the only one (it may be the win32-threads flavour).
find_program(MINGW_CXX NAMES ${MINGW_TRIPLET}-g++-posix ${MINGW_TRIPLET}-g++ REQUIRED)
find_program(MINGW_CC NAMES ${MINGW_TRIPLET}-gcc-posix ${MINGW_TRIPLET}-gcc REQUIRED)
find_program(MINGW_WINDRES NAMES ${MINGW_TRIPLET}-windres windres)
set(CMAKE_CXX_COMPILER "${MINGW_CXX}")
set(CMAKE_C_COMPILER "${MINGW_CC}")
if(MINGW_WINDRES)
  set(CMAKE_RC_COMPILER "${MINGW_WINDRES}")
endif()

# --- Self-contained .exe files: libgcc, libstdc++ and winpthread linked in statically, so
# Wine (or a Windows machine) runs them without looking for libstdc++-6.dll,
# libgcc_s_seh-1.dll or libwinpthread-1.dll.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static-libgcc -static-libstdc++")

# --- Finding things: libraries, headers and packages for the target only (never the host's
# Linux ones), programs (python3, ...) on the host only.
set(CMAKE_FIND_ROOT_PATH "${MINGW_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# --- Standalone asio is header-only and portable, so the host's copy serves Windows too.
# But its folder (/usr/include) must not be put on the compiler's include path: it holds
# glibc's headers, which would then shadow MinGW's (<stdlib.h>, <time.h>, ...). Instead
# this makes a folder holding only asio (symbolic links to asio.hpp and asio/), and adds
# it to the find root path, so the project's find_path(ASIO_INCLUDE_DIR asio.hpp) finds it
# there. To use another asio, pass -DASIO_INCLUDE_DIR=/its/include (never /usr/include).
option(MINGW_NATIVE_ASIO "Use the host's header-only standalone asio (/usr/include/asio.hpp)" ON)
get_property(_mingw_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)
if(MINGW_NATIVE_ASIO AND NOT _mingw_in_try_compile)
  foreach(_mingw_host_include IN ITEMS /usr/include /usr/local/include)
    if(EXISTS "${_mingw_host_include}/asio.hpp" AND IS_DIRECTORY "${_mingw_host_include}/asio")
      set(_mingw_asio_root "${CMAKE_BINARY_DIR}/mingw-host-asio")
      file(MAKE_DIRECTORY "${_mingw_asio_root}/include")
      foreach(_mingw_entry IN ITEMS asio.hpp asio)
        if(NOT EXISTS "${_mingw_asio_root}/include/${_mingw_entry}")
          file(CREATE_LINK "${_mingw_host_include}/${_mingw_entry}"
               "${_mingw_asio_root}/include/${_mingw_entry}" COPY_ON_ERROR SYMBOLIC)
        endif()
      endforeach()
      list(APPEND CMAKE_FIND_ROOT_PATH "${_mingw_asio_root}")
      break()
    endif()
  endforeach()
endif()

# --- GoogleTest: there is no MinGW build of it to find, and the host's libgtest is for Linux,
# so the project falls back to FetchContent. Point that at the sources Debian's googletest
# package installs (/usr/src/googletest, 1.12.1), so no download is needed; it is built with
# the cross compilers like the rest. Pass -DFETCHCONTENT_SOURCE_DIR_GOOGLETEST=... to override.
if(NOT DEFINED FETCHCONTENT_SOURCE_DIR_GOOGLETEST AND EXISTS "/usr/src/googletest/CMakeLists.txt")
  set(FETCHCONTENT_SOURCE_DIR_GOOGLETEST "/usr/src/googletest" CACHE PATH
      "GoogleTest sources for FetchContent (Debian's googletest package)")
endif()

# --- Running what was built: Wine. CMake puts this before every command that runs a target
# (add_test, gtest_discover_tests, try_run). Prefer the wine64 loader itself (Debian keeps it
# in /usr/lib/wine; other distributions and WineHQ put wine64 on PATH); the `wine` wrapper
# script of Debian works too, and execs it, keeping the process id.
find_program(WINE NAMES wine64 wine wine-stable
  PATHS /usr/lib/wine /usr/lib/wine-stable/bin /opt/wine-stable/bin /usr/lib64/wine
  DOC "Wine loader that runs the .exe files (CMAKE_CROSSCOMPILING_EMULATOR)")
if(WINE)
  # In the cache, where the harness reads it to run the programs the same way.
  set(CMAKE_CROSSCOMPILING_EMULATOR "${WINE}" CACHE FILEPATH "What runs the Windows programs: Wine")
endif()
