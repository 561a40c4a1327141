# The README's example, exactly as written, as a module of a NixOS system with the Docker
# backend: it evaluates against the NixOS option types, and what lands in the
# configuration is the translator's output.
{
  lib,
  khepri,
  evalNixos,
  readme,
  ...
}:
let
  config = evalNixos {
    modules = [
      readme
      { virtualisation.oci-containers.backend = "docker"; }
    ];
  };
  sparse = (import readme { config = { }; pkgs = { }; lib = { }; }).khepri.compositions;
  expected = khepri.translate { compositions = sparse; };
  web = config.systemd.services."docker-paperless_web";
  network = config.systemd.services."docker-network-paperless_paperless";
  failed = builtins.filter (a: !a.assertion) config.assertions;
in
[
  {
    name = "container attributes";
    actual = builtins.attrNames config.virtualisation.oci-containers.containers;
    expected = [
      "caddy-caddy"
      "paperless-broker"
      "paperless-db"
      "paperless-gotenberg"
      "paperless-tika"
      "paperless_web"
    ];
  }
  {
    name = "each container's settings are the translator's";
    actual = builtins.mapAttrs (
      n: c: builtins.intersectAttrs expected.containers.${n} c
    ) config.virtualisation.oci-containers.containers;
    expected = expected.containers;
  }
  {
    name = "the webserver's unit: oci-containers' ordering plus khepri's";
    actual = {
      inherit (web) after requires partOf;
      wantedBy = lib.sort lib.lessThan web.wantedBy;
      restart = {
        inherit (web.serviceConfig) Restart RestartSec RestartSteps RestartMaxDelaySec TimeoutStopSec;
        inherit (web.unitConfig) StartLimitIntervalSec;
      };
    };
    expected = {
      after = [
        "docker.service"
        "docker.socket"
        "docker-paperless-broker.service"
        "docker-paperless-db.service"
        "docker-paperless-gotenberg.service"
        "docker-paperless-tika.service"
        "docker-network-paperless_paperless.service"
        "docker-network-proxy_net.service"
        "docker-volume-paperless_documents.service"
        "docker-volume-paperless_data.service"
      ];
      requires = [
        "docker-paperless-broker.service"
        "docker-paperless-db.service"
        "docker-paperless-gotenberg.service"
        "docker-paperless-tika.service"
        "docker-network-paperless_paperless.service"
        "docker-network-proxy_net.service"
        "docker-volume-paperless_documents.service"
        "docker-volume-paperless_data.service"
      ];
      partOf = [ "khepri-paperless.target" ];
      wantedBy = [
        "khepri-paperless.target"
        "multi-user.target"
      ];
      restart = {
        Restart = "always";
        RestartSec = "100ms";
        RestartSteps = 9;
        RestartMaxDelaySec = "1min";
        TimeoutStopSec = 120;
        StartLimitIntervalSec = 0;
      };
    };
  }
  {
    name = "network unit runs the Docker package's CLI";
    actual = lib.hasInfix "/nix/store/00000000000000000000000000000000-docker-27.5.1/bin/docker network create" network.script;
    expected = true;
  }
  {
    name = "units and targets khepri adds";
    actual = {
      services = builtins.filter (n: !(lib.hasPrefix "docker-caddy-" n || lib.hasPrefix "docker-paperless" n)) (
        builtins.attrNames config.systemd.services
      );
      targets = builtins.mapAttrs (_: t: { inherit (t) description wantedBy requires after; }) config.systemd.targets;
    };
    expected = {
      services = [
        "docker-network-paperless_paperless"
        "docker-network-proxy_net"
        "docker-volume-caddy_caddy_data"
        "docker-volume-paperless_data"
        "docker-volume-paperless_documents"
        "docker-volume-paperless_pgdata"
        "docker-volume-paperless_redisdata"
      ];
      targets = {
        khepri-caddy = {
          description = "khepri composition caddy";
          wantedBy = [ "multi-user.target" ];
          requires = [ ];
          after = [ ];
        };
        khepri-paperless = {
          description = "khepri composition paperless";
          wantedBy = [ "multi-user.target" ];
          requires = [ ];
          after = [ ];
        };
      };
    };
  }
  {
    name = "manifest: the option, /etc/khepri/manifest.json and the translator agree";
    actual = {
      option = config.khepri.manifest;
      etc = builtins.fromJSON config.environment.etc."khepri/manifest.json".text;
    };
    expected = {
      option = expected.manifest;
      etc = expected.manifest;
    };
  }
  {
    name = "the Caddyfile the caddy container mounts is in /etc";
    actual = lib.hasInfix "reverse_proxy paperless_web:8000" config.environment.etc."caddy/Caddyfile".text;
    expected = true;
  }
  {
    name = "no failed assertion";
    actual = failed;
    expected = [ ];
  }
  {
    name = "warnings about secrets in the environment";
    actual = config.warnings;
    expected = expected.warnings;
  }
]
