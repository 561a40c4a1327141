# Live state: SystemdClient, DockerClient, RuntimeState (see live/ notes in each header).
target_sources(khepri_runtime PRIVATE
)
