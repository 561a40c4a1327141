# The NixOS releases khepri supports, 24.11 through 26.05: the module uses oci-containers'
# native options where the evaluated release has them (25.05 added networks, pull,
# capabilities, devices, privileged, autoRemoveOnStop) and run flags where it does not, and
# what it writes type-checks against each release's options.
{
  lib,
  evalNixos,
  goldenDir,
  ...
}:
let
  releases = [ "24.11" "25.05" ];

  caseNames = builtins.attrNames (
    lib.filterAttrs (n: t: t == "directory" && !((import (goldenDir + "/${n}/input.nix")) ? check)) (
      builtins.readDir goldenDir
    )
  );
  # A golden case's compositions as a NixOS configuration of `release`: does everything the
  # module writes evaluate against that release's option types?
  typeChecks =
    release: caseName:
    let
      args = import (goldenDir + "/${caseName}/input.nix");
      config = evalNixos {
        modules = [
          {
            khepri = { inherit (args) compositions; };
            virtualisation.oci-containers.backend = args.backend or "docker";
          }
        ];
        inherit release;
      };
    in
    (builtins.tryEval (
      builtins.deepSeq [
        config.virtualisation.oci-containers.containers
        config.systemd.services
        config.systemd.targets
        (map (a: a.message) config.assertions)
      ] true
    )).success;

  gpuService = {
    image = "cuda";
    capAdd = [ "SYS_NICE" ];
    capDrop = [ "ALL" ];
    devices = [ "/dev/dri:/dev/dri" ];
    deploy.resources.reservations.devices = [ { driver = "nvidia"; } ];
    privileged = true;
    pull = "always";
  };
  container =
    release: backend: services:
    (evalNixos {
      modules = [
        {
          virtualisation.oci-containers.backend = backend;
          khepri.compositions.app.services = services;
        }
      ];
      inherit release;
    }).virtualisation.oci-containers.containers;
  failed =
    args:
    map (a: a.message) (builtins.filter (a: !a.assertion) (evalNixos args).assertions);
  twoNetworks = {
    virtualisation.oci-containers.backend = "docker";
    khepri.compositions.app = {
      networks = {
        front = { };
        back = { };
      };
      services.web = {
        image = "nginx";
        networks = [ "front" "back" ];
      };
    };
  };
in
map (release: {
  name = "NixOS ${release}: every golden case's units type-check";
  actual = builtins.filter (c: !typeChecks release c) caseNames;
  expected = [ ];
}) releases
++ [
  {
    name = "NixOS 25.05: capabilities, devices, GPUs, privileged and pull are native options";
    actual =
      let
        c = (container "25.05" "docker" { gpu = gpuService; }).app-gpu;
      in
      {
        inherit (c) capabilities devices privileged pull;
        flags = builtins.filter (f: !(lib.hasPrefix "--network" f)) c.extraOptions;
      };
    expected = {
      capabilities = {
        ALL = false;
        SYS_NICE = true;
      };
      devices = [
        "/dev/dri:/dev/dri"
        "nvidia.com/gpu=all"
      ];
      privileged = true;
      pull = "always";
      flags = [ ];
    };
  }
  {
    name = "NixOS 24.11: the same as run flags";
    actual = builtins.filter (f: !(lib.hasPrefix "--network" f)) (container "24.11" "docker" { gpu = gpuService; }).app-gpu.extraOptions;
    expected = [
      "--cap-add=SYS_NICE"
      "--cap-drop=ALL"
      "--device=/dev/dri:/dev/dri"
      "--device=nvidia.com/gpu=all"
      "--privileged"
      "--pull=always"
    ];
  }
  {
    name = "NixOS 25.05 with podman: a run-once dependency keeps its container with autoRemoveOnStop";
    actual =
      let
        c = (container "25.05" "podman" {
          migrate.image = "app";
          web = {
            image = "app";
            dependsOn.migrate.condition = "service_completed_successfully";
          };
        }).app-migrate;
      in
      {
        inherit (c) autoRemoveOnStop;
        rmFlag = builtins.elem "--rm=false" c.extraOptions;
      };
    expected = {
      autoRemoveOnStop = false;
      rmFlag = false;
    };
  }
  {
    name = "several networks with a Docker package older than 25: an assertion";
    actual = failed {
      modules = [ twoNetworks ];
      dockerVersion = "24.0.9";
    };
    expected = [
      "khepri.compositions.app.services.web: joins 2 networks (\"back\", \"front\"), which needs Docker 25 or newer, but virtualisation.docker.package is Docker 24.0.9; set virtualisation.docker.package to a newer Docker (pkgs.docker), or join one network"
    ];
  }
  {
    name = "several networks with the release's Docker (27): fine";
    actual = failed { modules = [ twoNetworks ]; };
    expected = [ ];
  }
  {
    name = "several networks with podman: the Docker package does not matter";
    actual = failed {
      modules = [
        twoNetworks
        { virtualisation.oci-containers.backend = lib.mkForce "podman"; }
      ];
      dockerVersion = "24.0.9";
    };
    expected = [ ];
  }
  {
    name = "pull = newer with docker: an assertion; with podman: the native option";
    actual = {
      docker = failed {
        modules = [
          {
            virtualisation.oci-containers.backend = "docker";
            khepri.compositions.app.services.web = { image = "nginx"; pull = "newer"; };
          }
        ];
      };
      podman = (container "25.05" "podman" { web = { image = "nginx"; pull = "newer"; }; }).app-web.pull;
    };
    expected = {
      docker = [
        "khepri.compositions.app.services.web: pull \"newer\" is a podman policy; docker run only takes \"always\", \"missing\" or \"never\""
      ];
      podman = "newer";
    };
  }
]
