# The simulated NixOS host: evaluates a configuration (`configuration`, a NixOS module
# using khepri.compositions) with the khepri module, nixpkgs' real, unmodified
# oci-containers.nix and a stand-in for the rest of NixOS (./standin.nix), then renders
# systemd.services and systemd.targets into unit files as NixOS does
# (nixos/lib/systemd-lib.nix: serviceToUnit, targetToUnit, attrsToSection).
#
#   nix-instantiate --eval --strict --json host.nix --argstr nixpkgsLib … --argstr upstream …
#     --argstr configuration FILE --argstr stateDir DIR --argstr dockerPackageDir DIR
#     --argstr dockerVersion 20.10.24
#   => {
#     assertions;   # messages of the failed assertions (units are empty then)
#     warnings;
#     units;        # file name -> text, exactly as NixOS writes them
#     wants;        # target -> [ unit ] (NixOS's .wants symlinks, from wantedBy)
#     manifest;     # khepri.manifest
#   }
{
  nixpkgsLib,
  upstream,
  configuration,
  stateDir,
  dockerPackageDir,
  dockerVersion,
}:
let
  lib = import (/. + nixpkgsLib);
  inherit (lib)
    concatStrings
    concatLists
    concatMapStrings
    filterAttrs
    mapAttrsToList
    ;

  evaluated = lib.evalModules {
    modules = [
      (import ./standin.nix { inherit stateDir dockerPackageDir dockerVersion; })
      (/. + upstream + "/oci-containers.nix")
      ../../../nixos/module.nix
      (/. + configuration)
    ];
  };
  config = evaluated.config;

  # systemd-lib.nix
  toOption =
    x:
    if x == true then
      "true"
    else if x == false then
      "false"
    else
      toString x;
  attrsToSection =
    as:
    concatStrings (
      concatLists (
        mapAttrsToList (name: value: map (x: "${name}=${toOption x}\n") (if builtins.isList value then value else [ value ])) as
      )
    );

  # systemd.nix: every service's PATH is its `path` plus these; coreutils, findutils, grep,
  # sed and systemd are the host's own here.
  defaultPath = "/usr/bin:/bin:/usr/sbin:/sbin";
  servicePath =
    def:
    lib.concatStringsSep ":" (
      map (p: "${p}/bin") def.path ++ map (p: "${p}/sbin") def.path ++ [ defaultPath ]
    );

  # The [Install] section is informational: NixOS links the units itself (see `wants`).
  commonUnitText =
    def: body:
    ''
      [Unit]
      ${attrsToSection def.unitConfig}
    ''
    + body
    + lib.optionalString (def.wantedBy != [ ]) ''

      [Install]
      WantedBy=${lib.concatStringsSep " " def.wantedBy}
    '';

  serviceToUnit =
    def:
    let
      env = {
        PATH = servicePath def;
      } // def.environment;
      unitConfig =
        def.unitConfig
        // lib.optionalAttrs (!def.stopIfChanged) { X-StopIfChanged = false; }
        // lib.optionalAttrs (!def.restartIfChanged) { X-RestartIfChanged = false; };
    in
    commonUnitText (def // { inherit unitConfig; }) ''
      [Service]
      ${concatMapStrings (
        n: lib.optionalString (env.${n} != null) "Environment=${builtins.toJSON "${n}=${toString env.${n}}"}\n"
      ) (builtins.attrNames env)}${attrsToSection def.serviceConfig}
    '';

  targetToUnit = def: commonUnitText def "";

  services = filterAttrs (_: d: d.enable) config.systemd.services;
  targets = filterAttrs (_: d: d.enable) config.systemd.targets;

  units =
    lib.mapAttrs' (n: d: lib.nameValuePair "${n}.service" (serviceToUnit d)) services
    // lib.mapAttrs' (n: d: lib.nameValuePair "${n}.target" (targetToUnit d)) targets;

  wantedBy =
    lib.mapAttrsToList (n: d: map (t: { inherit t; u = "${n}.service"; }) d.wantedBy) services
    ++ lib.mapAttrsToList (n: d: map (t: { inherit t; u = "${n}.target"; }) d.wantedBy) targets;
  wants = lib.foldl' (acc: w: acc // { ${w.t} = (acc.${w.t} or [ ]) ++ [ w.u ]; }) { } (concatLists wantedBy);

  failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
in
{
  assertions = failed;
  inherit (config) warnings;
  units = if failed == [ ] then units else { };
  wants = if failed == [ ] then wants else { };
  manifest = config.khepri.manifest;
}
