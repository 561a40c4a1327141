# Strictness every khepri target opts into through khepri_strict(<target>): the
# Qt definitions from STYLE.md, full warnings, and -Werror when KHEPRI_WERROR
# is on (CI sets it through the CI environment variable).
add_library(khepri_strictness INTERFACE)
target_compile_definitions(khepri_strictness INTERFACE
  QT_NO_KEYWORDS
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_URL_CAST_FROM_STRING
  QT_USE_QSTRINGBUILDER
  QT_NO_FOREACH
  QT_NO_CAST_FROM_BYTEARRAY
  QT_DISABLE_DEPRECATED_UP_TO=0x060000)
target_compile_options(khepri_strictness INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Woverloaded-virtual -Wcast-align -Wimplicit-fallthrough)
if(KHEPRI_WERROR)
  target_compile_options(khepri_strictness INTERFACE -Werror)
endif()

function(khepri_strict target)
  target_link_libraries(${target} PRIVATE khepri_strictness)
endfunction()
