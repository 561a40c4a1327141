# NixOS 25.05 and later with podman: a run-once dependency keeps its container after exit
# through oci-containers' autoRemoveOnStop option instead of a `--rm=false` flag, and
# pull = "newer" (a podman policy) is the native pull option.
{
  backend = "podman";
  ociOptions = [ "autoRemoveOnStop" "capabilities" "devices" "networks" "privileged" "pull" "podman" "imageStream" ];
  compositions.app.services = {
    migrate = { image = "app"; cmd = [ "migrate" ]; pull = "newer"; };
    web = { image = "app"; dependsOn.migrate.condition = "service_completed_successfully"; };
  };
}
