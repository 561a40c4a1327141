# On NixOS 25.05 and later, oci-containers has options for what khepri otherwise passes as
# run flags: capabilities, devices (GPUs as CDI devices too), privileged, pull, networks.
# The module passes the release's option names (ociOptions); these are 25.05's. Networks
# with aliases or addresses (every user-defined network: compose gives a service its name
# as an alias) stay flags, since the `networks` option has neither.
{
  ociOptions = [
    "autoRemoveOnStop" "autoStart" "capabilities" "cmd" "dependsOn" "devices" "entrypoint"
    "environment" "environmentFiles" "extraOptions" "hostname" "image" "imageFile"
    "imageStream" "labels" "log-driver" "login" "networks" "podman" "ports"
    "preRunExtraOptions" "privileged" "pull" "serviceName" "user" "volumes" "workdir"
  ];
  compositions.app = {
    networks.bridge = { external = true; };
    networks.back = { };
    services = {
      gpu = {
        image = "cuda";
        capAdd = [ "SYS_NICE" "NET_ADMIN" ];
        capDrop = [ "ALL" ];
        devices = [ "/dev/dri:/dev/dri" ];
        deploy.resources.reservations.devices = [ { driver = "nvidia"; capabilities = [ "gpu" ]; } ];
        privileged = true;
        pull = "always";
        networks = [ "bridge" ];
      };
      api = { image = "api"; networks = [ "back" ]; pull = "never"; };
    };
  };
}
