# The manifest: names, units and what is deployed, as the console reads it from
# `khepri.manifest` and /etc/khepri/manifest.json (NIXOS-MODULE.md, "The manifest").
# Fields may be added; none may change meaning without bumping `version`.
let
  u = import ./util.nix;
  names = import ./names.nix;
  restart = import ./restart.nix;
  containers = import ./containers.nix;
  deps = import ./dependencies.nix;
  inherit (builtins) attrNames filter map mapAttrs;
in
rec {
  version = 1;

  serviceManifest = backend: comp: svc: {
    inherit (svc) container autoStart ports networkMode;
    unit = names.containerUnit backend svc.container;
    image = (containers.image svc.image).ref;
    dependsOn = mapAttrs (_: d: d.condition) svc.dependsOn;
    networks = map (k: comp.networks.${k}.name) (
      filter (k: comp.networks ? ${k}) (attrNames svc.joined)
    );
    volumes = u.unique (
      map (m: comp.volumes.${m.source}.name) (
        filter (m: m.kind == "volume" && comp.volumes ? ${m.source}) svc.volumes
      )
    );
    restart =
      let
        r = restart.effectiveRestart svc;
        runsOnce = deps.waitedOnWith "service_completed_successfully" comp svc.name;
      in
      # A run-once dependency is a oneshot: it is never restarted after success.
      if runsOnce && builtins.elem r [ "always" "unless-stopped" ] then "no" else r;
  };

  networkManifest = backend: net: {
    inherit (net) name external;
    unit = names.networkUnit backend net;
  };

  volumeManifest = backend: vol: {
    inherit (vol) name external;
    unit = names.volumeUnit backend vol;
  };

  compositionManifest = backend: comp: {
    target = names.target comp.name;
    services = mapAttrs (_: serviceManifest backend comp) comp.services;
    networks = mapAttrs (_: networkManifest backend) comp.networks;
    volumes = mapAttrs (_: volumeManifest backend) comp.volumes;
  };

  manifest = backend: comps: {
    inherit version backend;
    compositions = mapAttrs (_: compositionManifest backend) comps;
  };
}
