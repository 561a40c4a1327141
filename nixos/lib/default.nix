# The khepri translator: compositions in, NixOS settings out. A pure function written with
# Nix builtins only, so it evaluates anywhere (`nix-instantiate --eval --strict --json`),
# without nixpkgs. nixos/module.nix feeds it; the console calls it for the manifest.
#
#   (import ./nixos/lib).translate {
#     compositions;               # as a user writes them, or as the module passes them
#     backend ? "docker";         # "docker" | "podman"
#     backendCommand ? backend;   # the CLI the generated scripts run (the module passes
#                                 # the package's absolute path)
#     hasImageStream ? true;      # does this NixOS release's oci-containers have imageStream?
#                                 # (every supported release, 24.11 and later, has it)
#     ociOptions ? [ ];           # names of the release's oci-containers container options
#                                 # (the module passes them all): those of NixOS 25.05
#                                 # (networks, pull, capabilities, devices, privileged,
#                                 # autoRemoveOnStop) are used instead of run flags
#     dockerVersion ? null;       # virtualisation.docker.package's version, when known
#   }
#   => {
#     containers;   # virtualisation.oci-containers.containers
#     services;     # systemd.services: network and volume units, container unit settings
#     targets;      # systemd.targets: one per composition
#     assertions;   # [ { assertion = false; message; } ]: only the failed checks
#     warnings;     # [ message ]
#     manifest;     # the JSON the console reads (NIXOS-MODULE.md)
#   }
#
# `manifest`, `assertions` and `warnings` never throw, whatever the compositions say.
let
  u = import ./util.nix;
  names = import ./names.nix;
  normalize = import ./normalize.nix;
  networks = import ./networks.nix;
  volumes = import ./volumes.nix;
  containers = import ./containers.nix;
  checks = import ./checks.nix;
  manifest = import ./manifest.nix;
  restart = import ./restart.nix;
  dependencies = import ./dependencies.nix;
  backends = import ./backends.nix;
  inherit (builtins)
    attrNames
    attrValues
    filter
    listToAttrs
    map
    mapAttrs
    ;

  translate =
    {
      compositions,
      backend ? "docker",
      backendCommand ? backend,
      hasImageStream ? true,
      ociOptions ? [ ],
      dockerVersion ? null,
      ...
    }:
    let
      args = {
        inherit backend hasImageStream dockerVersion;
        command = backendCommand;
        native = name: builtins.elem name ociOptions;
      };
      comps = mapAttrs normalize.composition (if compositions == null then { } else compositions);
      compList = map (c: comps.${c}) (attrNames comps);

      # Units of the networks and volumes khepri creates, by Docker name: a service using
      # one as external (from another composition) orders itself after that unit.
      managed = {
        networks = managedUnits "networks" names.networkUnit;
        volumes = managedUnits "volumes" names.volumeUnit;
      };
      managedUnits =
        kind: unitOf:
        listToAttrs (
          u.concatMap (
            comp:
            map (r: u.nameValuePair r.name (unitOf backend r)) (
              filter (r: !r.external) (attrValues comp.${kind})
            )
          ) compList
        );

      perService =
        f:
        listToAttrs (
          u.concatMap (comp: map (s: f comp comp.services.${s}) (attrNames comp.services)) compList
        );

      runsOnce =
        comp: svc: dependencies.waitedOnWith "service_completed_successfully" comp svc.name;
    in
    {
      containers = perService (
        comp: svc:
        u.nameValuePair svc.container (containers.ociContainer args comp svc (runsOnce comp svc))
      );

      services =
        listToAttrs (
          u.concatMap (
            comp:
            map (networks.networkUnit args comp.name) (filter (n: !n.external) (attrValues comp.networks))
            ++ map (volumes.volumeUnit args comp.name) (filter (v: !v.external) (attrValues comp.volumes))
          ) compList
        )
        // perService (containers.containerUnit args managed);

      targets = listToAttrs (
        map (
          comp:
          u.nameValuePair (names.targetBase comp.name) {
            description = "khepri composition ${comp.name}";
            wantedBy = [ "multi-user.target" ];
          }
        ) compList
      );

      assertions = checks.assertions args compList;
      warnings = checks.warnings args compList;
      manifest = manifest.manifest backend comps;
    };
in
{
  inherit translate;
  # The named pieces, for tests and for the console's own use.
  inherit
    names
    normalize
    networks
    volumes
    containers
    restart
    dependencies
    checks
    backends
    ;
  manifestVersion = manifest.version;
  # The names the console relies on, at the top for convenience.
  inherit (names)
    containerName
    containerUnit
    networkName
    volumeName
    target
    ;
  inherit (restart) restartConfig;
}
