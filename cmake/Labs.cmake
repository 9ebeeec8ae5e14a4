# The labs: each one's folder and its programs (PROGRAM.cpp in the folder).
# harness/labs.py lists the same labs; the harness's tests check that the two lists agree.
function(socket_lab folder)
  cmake_parse_arguments(PARSE_ARGV 1 lab "ASIO" "" "PROGRAMS")
  set_property(GLOBAL APPEND PROPERTY SOCKET_LABS "${folder}")
  set_property(GLOBAL PROPERTY SOCKET_LAB_PROGRAMS_${folder} "${lab_PROGRAMS}")
  set_property(GLOBAL PROPERTY SOCKET_LAB_ASIO_${folder} "${lab_ASIO}")
endfunction()

socket_lab(01-tcp-server PROGRAMS tcp_server)
socket_lab(02-tcp-client PROGRAMS tcp_client)
socket_lab(03-udp-server PROGRAMS udp_server)
socket_lab(04-udp-client PROGRAMS udp_client)
socket_lab(05-unix-sockets PROGRAMS unix_server unix_client)
socket_lab(06-threaded-server PROGRAMS threaded_server)
socket_lab(07-framing PROGRAMS line_server line_client)
socket_lab(08-asio-sync PROGRAMS asio_tcp_server asio_tcp_client ASIO)
socket_lab(09-asio-async PROGRAMS asio_async_server ASIO)
socket_lab(10-names-ipv6 PROGRAMS dual_server name_client)
socket_lab(11-poll-server PROGRAMS poll_server)

# Builds every lab of `impl` (labs or solutions). For lab NN-name it makes one target per
# program, <prefix>NN.<program>, and one per lab, <prefix>NN, where the prefix is "lab" or
# "solution"; `cmake --build --target lab01` builds just your lab 01. The programs land in
# build/<preset>/<impl>/NN-name/ whatever the generator, so the harness finds them there.
function(add_socket_labs impl)
  string(REGEX REPLACE "s$" "" prefix "${impl}")
  get_property(labs GLOBAL PROPERTY SOCKET_LABS)
  add_custom_target(${impl})
  foreach(folder IN LISTS labs)
    string(SUBSTRING "${folder}" 0 2 number)
    get_property(programs GLOBAL PROPERTY SOCKET_LAB_PROGRAMS_${folder})
    get_property(uses_asio GLOBAL PROPERTY SOCKET_LAB_ASIO_${folder})
    set(output_dir "${CMAKE_BINARY_DIR}/${impl}/${folder}")
    add_custom_target(${prefix}${number})
    add_dependencies(${impl} ${prefix}${number})
    if(TARGET short_io)  # the harness preloads it into programs for some checks
      add_dependencies(${prefix}${number} short_io)
    endif()
    foreach(program IN LISTS programs)
      set(target ${prefix}${number}.${program})
      add_executable(${target} "${PROJECT_SOURCE_DIR}/${impl}/${folder}/${program}.cpp")
      set_target_properties(${target} PROPERTIES
        OUTPUT_NAME ${program}
        RUNTIME_OUTPUT_DIRECTORY "${output_dir}")
      foreach(config IN LISTS CMAKE_CONFIGURATION_TYPES)
        string(TOUPPER "${config}" config)
        set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY_${config} "${output_dir}")
      endforeach()
      target_link_libraries(${target} PRIVATE labkit labs::warnings)
      if(uses_asio)
        target_link_libraries(${target} PRIVATE labs::asio)
      endif()
      add_dependencies(${prefix}${number} ${target})
    endforeach()
  endforeach()
endfunction()
