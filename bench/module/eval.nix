# Evaluates one side of the bench (see ./generate.nix) with lib.evalModules: the simulated
# host's stand-in for NixOS (tests/nix/simhost/standin.nix), nixpkgs' real
# oci-containers.nix and, for `khepri`, the khepri module; forces what a NixOS rebuild
# reads from them.
#
#   nix-instantiate --eval eval.nix --argstr nixpkgsLib DIR
#     --argstr upstream DIR --argstr side khepri|handwritten --arg services 600
{
  nixpkgsLib,
  upstream,
  side,
  services,
}:
let
  lib = import (/. + nixpkgsLib);
  generated = import ./generate.nix { inherit services; };
  config =
    (lib.evalModules {
      modules =
        [
          (import ../../tests/nix/simhost/standin.nix {
            stateDir = "/var/empty/khepri-bench";
            dockerPackageDir = "/usr";
            dockerVersion = "27.5.1";
          })
          (/. + upstream + "/oci-containers.nix")
          generated.${side}
        ]
        ++ lib.optional (side == "khepri") ../../nixos/module.nix;
    }).config;
in
# The length of the JSON, so that printing the result costs nothing.
builtins.stringLength (
  builtins.toJSON {
    inherit (config.virtualisation.oci-containers) containers;
    inherit (config.systemd) services targets;
  }
)
