# khepri.backend follows virtualisation.oci-containers.backend, or sets it.
{ evalNixos, ... }:
let
  app = {
    khepri.compositions.app.services.web.image = "nginx";
  };
  summary = config: {
    khepri = config.khepri.backend;
    oci = config.virtualisation.oci-containers.backend;
    manifest = config.khepri.manifest.backend;
    units = builtins.attrNames config.systemd.services;
  };
in
[
  {
    name = "default: oci-containers' backend (podman in NixOS >= 22.05)";
    actual = summary (evalNixos { modules = [ app ]; });
    expected = {
      khepri = "podman";
      oci = "podman";
      manifest = "podman";
      units = [
        "podman-app-web"
        "podman-network-app_default"
      ];
    };
  }
  {
    name = "oci-containers.backend = docker: khepri follows";
    actual = summary (evalNixos {
      modules = [
        app
        { virtualisation.oci-containers.backend = "docker"; }
      ];
    });
    expected = {
      khepri = "docker";
      oci = "docker";
      manifest = "docker";
      units = [
        "docker-app-web"
        "docker-network-app_default"
      ];
    };
  }
  {
    name = "khepri.backend = docker sets oci-containers' backend";
    actual = summary (evalNixos {
      modules = [
        app
        { khepri.backend = "docker"; }
      ];
    });
    expected = {
      khepri = "docker";
      oci = "docker";
      manifest = "docker";
      units = [
        "docker-app-web"
        "docker-network-app_default"
      ];
    };
  }
  {
    name = "khepri.backend and oci-containers.backend disagreeing is an error";
    throws =
      (evalNixos {
        modules = [
          app
          {
            khepri.backend = "docker";
            virtualisation.oci-containers.backend = "podman";
          }
        ];
      }).virtualisation.oci-containers.backend;
  }
  {
    name = "the podman package's CLI runs podman's network units";
    actual =
      builtins.elemAt (builtins.split "\n"
        (evalNixos { modules = [ app ]; }).systemd.services.podman-network-app_default.script
      ) 2;
    expected = "if have=$(/nix/store/00000000000000000000000000000000-podman-5.2.3/bin/podman network inspect --format '{{index .Labels \"io.khepri.network-hash\"}}' app_default 2>/dev/null); then";
  }
  {
    name = "backend must be docker or podman";
    throws = (evalNixos { modules = [ app { khepri.backend = "lxc"; } ]; }).khepri.backend;
  }
]
