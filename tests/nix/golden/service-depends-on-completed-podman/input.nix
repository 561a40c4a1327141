# Podman runs containers detached: the run-once dependency keeps its container (--rm=false)
# and waits for its exit status in ExecStartPost.
{
  backend = "podman";
  backendCommand = "/run/current-system/sw/bin/podman";
  compositions.app.services = {
    migrate = { image = "app:1"; cmd = [ "migrate" ]; restart = "on-failure:3"; };
    web = { image = "app:1"; dependsOn.migrate.condition = "service_completed_successfully"; };
  };
  show = [ "containers" "services" "assertions" "warnings" ];
}
