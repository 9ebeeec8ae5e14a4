# Third-party code comes from a package manager, or else from a pinned release download;
# none is kept in this repository.
include(FetchContent)
find_package(Threads REQUIRED)

# labs::asio: standalone asio (header-only), found in this order:
#   1. an asio CMake package (vcpkg: asio::asio),
#   2. asio.hpp on the include path (Debian/Ubuntu libasio-dev, Homebrew asio),
#   3. a pinned asio release, downloaded with FetchContent.
add_library(labs_asio INTERFACE)
add_library(labs::asio ALIAS labs_asio)

find_package(asio CONFIG QUIET)
if(TARGET asio::asio)
  target_link_libraries(labs_asio INTERFACE asio::asio)
  message(STATUS "asio: CMake package (${asio_DIR})")
else()
  # (Homebrew's prefix is /opt/homebrew on Apple silicon, /usr/local on Intel Macs.)
  find_path(ASIO_INCLUDE_DIR asio.hpp HINTS ENV HOMEBREW_PREFIX PATHS /opt/homebrew /usr/local PATH_SUFFIXES include)
  if(ASIO_INCLUDE_DIR)
    message(STATUS "asio: headers in ${ASIO_INCLUDE_DIR}")
  else()
    message(STATUS "asio: not installed, downloading asio 1.29.0")
    FetchContent_Declare(asio
      URL https://github.com/chriskohlhoff/asio/archive/asio-1-29-0.tar.gz
      URL_HASH SHA512=f8df39c5a5e89dcfe4bd37c7e757e44e3e94d9b79d7ab08d1804ad8980993a607070f7e12238ffe3286840cd08c0b3c8e3639d3a1177e5ff795994cbc42a8292)
    FetchContent_MakeAvailable(asio)
    set(ASIO_INCLUDE_DIR "${asio_SOURCE_DIR}/asio/include" CACHE PATH "asio headers" FORCE)
  endif()
  target_include_directories(labs_asio SYSTEM INTERFACE "${ASIO_INCLUDE_DIR}")
endif()
target_compile_definitions(labs_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(labs_asio INTERFACE Threads::Threads)
if(WIN32)
  target_link_libraries(labs_asio INTERFACE ws2_32 mswsock)
endif()

# GoogleTest: an installed package (Debian libgtest-dev, vcpkg, Homebrew), else a pinned release.
if(BUILD_TESTING OR NOT DEFINED BUILD_TESTING)
  find_package(GTest QUIET)
  if(NOT TARGET GTest::gtest_main)
    message(STATUS "GoogleTest: not installed, downloading 1.14.0")
    set(gtest_force_shared_crt ON CACHE BOOL "" FORCE)
    set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
    FetchContent_Declare(googletest
      URL https://github.com/google/googletest/archive/refs/tags/v1.14.0.tar.gz
      URL_HASH SHA256=8ad598c73ad796e0d8280b082cebd82a630d73e73cd3c70057938a6501bba5d7)
    FetchContent_MakeAvailable(googletest)
  endif()
endif()
