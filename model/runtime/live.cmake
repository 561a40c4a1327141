# Live state: SystemdClient, DockerClient, RuntimeState (see the notes in each header).
target_sources(khepri_runtime PRIVATE
  dockerclient.cpp dockerclient.h dockerevents.cpp dockerinventory.cpp
  dockererrors.cpp dockererrors.h
  dockerlogdecoder.cpp dockerlogdecoder.h
  dockerlogstream.cpp dockerlogstream.h
  dockerrequest.cpp dockerrequest.h
  dockerstatsstream.cpp dockerstatsstream.h
  dockertypes.cpp dockertypes.h
  httpresponsereader.cpp httpresponsereader.h
  jsonlinesplitter.cpp jsonlinesplitter.h
  liveid.cpp liveid.h
  liveitem.cpp liveitem.h
  livereport.cpp livereport.h
  livestatus.cpp livestatus.h
  runtimestate.cpp runtimestate.h
  socketreconnector.cpp socketreconnector.h
  systemdclient.cpp systemdclient.h systemdunits.cpp systemdjobs.cpp
  systemderrors.cpp systemderrors.h
  systemdtypes.cpp systemdtypes.h
)

# D-Bus proxies generated from the introspection XML in resources/dbus/.
set(_khepri_dbus ${PROJECT_SOURCE_DIR}/resources/dbus)
set_source_files_properties(${_khepri_dbus}/org.freedesktop.systemd1.Manager.xml PROPERTIES
  INCLUDE systemdtypes.h CLASSNAME SystemdManagerProxy NO_NAMESPACE ON)
set_source_files_properties(${_khepri_dbus}/org.freedesktop.DBus.Properties.xml PROPERTIES
  CLASSNAME SystemdPropertiesProxy NO_NAMESPACE ON)
set(_khepri_dbus_sources)
qt_add_dbus_interface(_khepri_dbus_sources
  ${_khepri_dbus}/org.freedesktop.systemd1.Manager.xml systemdmanager_interface)
qt_add_dbus_interface(_khepri_dbus_sources
  ${_khepri_dbus}/org.freedesktop.DBus.Properties.xml systemdproperties_interface)
target_sources(khepri_runtime PRIVATE ${_khepri_dbus_sources})
target_include_directories(khepri_runtime PRIVATE ${CMAKE_CURRENT_BINARY_DIR})
