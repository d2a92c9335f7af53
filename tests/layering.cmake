# The dependency rules of the source tree, checked on every include line (ctest: layering).
#   cmake -DROOT=<source dir> -P tests/layering.cmake
# Fails, listing every offending line, when
#  - an engine folder includes a folder of the same or a higher layer (a back edge: the
#    engine's graph must stay one-way, e.g. codecs -> model and analysis -> codecs, never
#    codecs -> analysis);
#  - an engine folder is not in the layer list (a new folder must be placed in it);
#  - the engine includes Qt, widgets/ or app/; widgets/ include app/ or engine/;
#  - LibTorch headers appear outside engine/neural/*_torch.{cpp,h} (the neural module);
#  - any source (engine, widgets, app, tests) includes CFITSIO's private header fitsio2.h
#    or calls its private tile coders (fits_rcomp*, fits_rdecomp*, fits_hcompress,
#    compress2mem_from_mem, imcomp_*...): BitSky uses CFITSIO's public API only (fitsio.h),
#    its own Rice coder (engine/codecs/rice.h) and zlib.
cmake_minimum_required(VERSION 3.25)
if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P layering.cmake")
endif()

# Engine folders, lowest layer first. A folder may include only folders of lower layers.
# Folders on one line share a layer (and may not include each other).
set(layers
  "util"
  "image"
  "fits;store;model"
  "wcs;dataset;sample"
  "codecs"
  "neural"
  "analysis"
  "bench")

set(i 0)
foreach(layer IN LISTS layers)
  foreach(folder IN ITEMS ${layer})
    set(rank_${folder} ${i})
  endforeach()
  math(EXPR i "${i} + 1")
endforeach()

set(problems "")
file(GLOB_RECURSE sources RELATIVE "${ROOT}"
  "${ROOT}/engine/*.h" "${ROOT}/engine/*.cpp" "${ROOT}/engine/*.inc"
  "${ROOT}/widgets/*.h" "${ROOT}/widgets/*.cpp"
  "${ROOT}/app/*.h" "${ROOT}/app/*.cpp")
foreach(rel IN LISTS sources)
  file(STRINGS "${ROOT}/${rel}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*[<\"]")
  string(REGEX MATCH "^([a-z]+)/([a-z_]+)/" top "${rel}")
  set(area "${CMAKE_MATCH_1}")
  set(folder "${CMAKE_MATCH_2}")
  if(area STREQUAL "engine" AND NOT DEFINED rank_${folder})
    string(APPEND problems "${rel}: engine/${folder}/ is not in the layer list of tests/layering.cmake\n")
    continue()
  endif()
  foreach(line IN LISTS lines)
    string(REGEX MATCH "[<\"]([^>\"]+)[>\"]" m "${line}")
    set(inc "${CMAKE_MATCH_1}")
    if(inc MATCHES "^(torch|ATen|c10)/" AND NOT rel MATCHES "^engine/neural/[a-z_]+_torch\\.(cpp|h)$")
      string(APPEND problems "${rel}: LibTorch header <${inc}> outside engine/neural/*_torch.{cpp,h}\n")
    endif()
    if(area STREQUAL "engine")
      if(inc MATCHES "^Q[A-Za-z]*(/|$)" OR inc MATCHES "^qcustomplot")
        string(APPEND problems "${rel}: the engine includes Qt (${inc})\n")
      elseif(inc MATCHES "^(widgets|app)/")
        string(APPEND problems "${rel}: the engine includes ${inc}\n")
      elseif(inc MATCHES "^engine/([a-z_]+)/")
        set(target "${CMAKE_MATCH_1}")
        if(NOT target STREQUAL folder)
          if(NOT DEFINED rank_${target})
            string(APPEND problems "${rel}: includes engine/${target}/, which is not in the layer list\n")
          elseif(NOT rank_${target} LESS rank_${folder})
            string(APPEND problems "${rel}: engine/${folder} -> engine/${target} is a back edge (${inc})\n")
          endif()
        endif()
      endif()
    elseif(area STREQUAL "widgets" AND inc MATCHES "^(app|engine)/")
      string(APPEND problems "${rel}: widgets are plain Qt views and include neither the engine nor the application (${inc})\n")
    endif()
  endforeach()
endforeach()

# CFITSIO's private API, in every source including the tests. A line is a call or a
# declaration when the name is followed by '('; comment lines are skipped.
set(cfitsio_private "(^|[^A-Za-z0-9_])(fits_r(de)?comp(_short|_byte)?|fits_h(de)?compress(64)?|(un)?compress2(mem|file)_from_mem|imcomp_[a-z0-9_]+|ffiblk)[ \t]*\\(")
file(GLOB_RECURSE all_sources RELATIVE "${ROOT}"
  "${ROOT}/engine/*.h" "${ROOT}/engine/*.cpp" "${ROOT}/engine/*.inc" "${ROOT}/engine/*.c"
  "${ROOT}/widgets/*.h" "${ROOT}/widgets/*.cpp"
  "${ROOT}/app/*.h" "${ROOT}/app/*.cpp"
  "${ROOT}/tests/*.h" "${ROOT}/tests/*.cpp" "${ROOT}/tests/*.c")
foreach(rel IN LISTS all_sources)
  file(STRINGS "${ROOT}/${rel}" lines REGEX "fitsio2|${cfitsio_private}")
  foreach(line IN LISTS lines)
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"][^>\"]*fitsio2\\.h[>\"]")
      string(APPEND problems "${rel}: includes CFITSIO's private header fitsio2.h (use fitsio.h)\n")
    elseif(NOT line MATCHES "^[ \t]*(//|\\*|/\\*)" AND line MATCHES "${cfitsio_private}")
      string(APPEND problems "${rel}: calls CFITSIO's private API (${CMAKE_MATCH_2})\n")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "layering rules broken:\n${problems}")
endif()
list(LENGTH sources n)
message(STATUS "layering: ${n} files follow the rules")
