# khepri.manifest is read-only, always defined, and /etc/khepri/manifest.json holds it.
{ lib, evalNixos, ... }:
let
  empty = evalNixos { modules = [ ]; };
in
[
  {
    name = "without compositions: an empty manifest and nothing else";
    actual = {
      manifest = empty.khepri.manifest;
      etc = empty.environment.etc."khepri/manifest.json".text;
      containers = empty.virtualisation.oci-containers.containers;
      services = empty.systemd.services;
      targets = empty.systemd.targets;
      assertions = empty.assertions;
    };
    expected = {
      manifest = {
        version = 1;
        backend = "podman";
        compositions = { };
      };
      etc = ''{"backend":"podman","compositions":{},"version":1}'';
      containers = { };
      services = { };
      targets = { };
      assertions = [ ];
    };
  }
  {
    name = "khepri.manifest cannot be set";
    throws = (evalNixos { modules = [ { khepri.manifest = { version = 2; }; } ]; }).khepri.manifest;
  }
  {
    name = "/etc/khepri/manifest.json is the option's JSON";
    actual =
      let
        config = evalNixos {
          modules = [
            {
              khepri.compositions.app.services.web = { image = "nginx"; containerName = "www"; };
            }
          ];
        };
      in
      builtins.fromJSON config.environment.etc."khepri/manifest.json".text == config.khepri.manifest
      && config.khepri.manifest.compositions.app.services.web.unit == "podman-www.service";
    expected = true;
  }
]
