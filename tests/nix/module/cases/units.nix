# khepri's settings of a container unit are merged into the unit oci-containers defines:
# they win over oci-containers' values (Restart=always, Type=notify, TimeoutStopSec=120),
# a user's lib.mkForce wins over them.
{ lib, evalNixos, ... }:
let
  evalWith =
    backend: services: extra:
    evalNixos {
      modules = [
        {
          virtualisation.oci-containers.backend = backend;
          khepri.compositions.app.services = services;
        }
        extra
      ];
    };
  unit = backend: services: name: (evalWith backend services { }).systemd.services.${name};
in
[
  {
    name = "restart = no beats oci-containers' Restart=always; its other settings stay";
    actual = (unit "docker" { web = { image = "nginx"; restart = "no"; }; } "docker-app-web").serviceConfig;
    expected = {
      Restart = "no";
      TimeoutStartSec = 0;
      TimeoutStopSec = 120;
    };
  }
  {
    name = "on-failure:5 allows exactly 5 retries (6 starts, in an endless window)";
    actual =
      let
        u = unit "docker" { web = { image = "nginx"; restart = "on-failure:5"; }; } "docker-app-web";
      in
      {
        inherit (u.serviceConfig) Restart;
        inherit (u) unitConfig;
      };
    expected = {
      Restart = "on-failure";
      unitConfig = {
        StartLimitBurst = 6;
        StartLimitIntervalSec = "infinity";
      };
    };
  }
  {
    name = "stopGracePeriod raises TimeoutStopSec over oci-containers' 120 s";
    actual = (unit "docker" { db = { image = "postgres"; stopGracePeriod = "3m"; }; } "docker-app-db").serviceConfig.TimeoutStopSec;
    expected = 210;
  }
  {
    name = "a run-once dependency with podman is a oneshot (not Type=notify) that waits for the exit status";
    actual =
      let
        u = unit "podman" {
          migrate = { image = "app"; };
          web = { image = "app"; dependsOn.migrate.condition = "service_completed_successfully"; };
        } "podman-app-migrate";
      in
      {
        inherit (u.serviceConfig) Type RemainAfterExit Restart NotifyAccess;
        waits = lib.hasInfix "/bin/podman wait app-migrate" u.postStart;
      };
    expected = {
      Type = "oneshot";
      RemainAfterExit = true;
      Restart = "no";
      NotifyAccess = "all";
      waits = true;
    };
  }
  {
    name = "a service_healthy dependency's unit waits for healthy";
    actual =
      lib.hasPrefix "# Active only once app-db reports healthy (at most 60s after it started)."
        (unit "docker" {
          db = { image = "postgres"; healthcheck = { test = "pg_isready"; interval = "5s"; timeout = "5s"; retries = 5; }; };
          web = { image = "nginx"; dependsOn.db.condition = "service_healthy"; };
        } "docker-app-db").postStart;
    expected = true;
  }
  {
    name = "wanted by its composition's target and by multi-user.target (oci-containers' autoStart)";
    actual =
      let
        u = unit "docker" { web.image = "nginx"; } "docker-app-web";
      in
      {
        wantedBy = lib.sort lib.lessThan u.wantedBy;
        inherit (u) partOf;
      };
    expected = {
      wantedBy = [
        "khepri-app.target"
        "multi-user.target"
      ];
      partOf = [ "khepri-app.target" ];
    };
  }
  {
    name = "autoStart = false: wanted by nothing";
    actual = (unit "docker" { web = { image = "nginx"; autoStart = false; }; } "docker-app-web").wantedBy;
    expected = [ ];
  }
  {
    name = "a user's lib.mkForce wins over khepri";
    actual =
      (evalWith "docker" { web.image = "nginx"; } {
        systemd.services.docker-app-web.serviceConfig.Restart = lib.mkForce "on-abnormal";
      }).systemd.services.docker-app-web.serviceConfig.Restart;
    expected = "on-abnormal";
  }
  {
    name = "network units restart (not stop and start) on change, so their containers restart with them";
    actual =
      let
        u = unit "docker" { web.image = "nginx"; } "docker-network-app_default";
      in
      {
        inherit (u) stopIfChanged serviceConfig;
        stops = u.preStop;
      };
    expected = {
      stopIfChanged = false;
      serviceConfig = {
        Type = "oneshot";
        RemainAfterExit = true;
      };
      stops = "/nix/store/00000000000000000000000000000000-docker-27.5.1/bin/docker network rm app_default || true";
    };
  }
  {
    name = "volume units never remove the volume";
    actual =
      let
        u = (evalNixos { modules = [ { virtualisation.oci-containers.backend = "docker"; khepri.compositions.app = { volumes = [ "data" ]; services.web = { image = "nginx"; volumes = [ "data:/data" ]; }; }; } ]; }).systemd.services.docker-volume-app_data;
      in
      {
        inherit (u) preStop postStop;
      };
    expected = {
      preStop = "";
      postStop = "";
    };
  }
]
