# One-click rebuild: RebuildRunner and its parsers.
target_sources(khepri_runtime PRIVATE
  askpass.cpp askpass.h
  nixosrebuildprobe.cpp nixosrebuildprobe.h
  rebuildcommand.cpp rebuildcommand.h
  rebuildlogmodel.cpp rebuildlogmodel.h
  rebuildoutputparser.cpp rebuildoutputparser.h
  rebuildrunner.cpp rebuildrunner.h
  rebuildsettings.cpp rebuildsettings.h
  rebuildtypes.cpp rebuildtypes.h
)
