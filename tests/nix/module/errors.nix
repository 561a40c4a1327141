# One invalid service definition (`which`), evaluated through the module with nixpkgs'
# lib.evalModules over the stubs: evaluation fails with the module system's message, which
# run-module-errors.sh compares. A service's options are merged on a fast path
# (module.nix, `lazySubmodule`); its messages must name the same option as the module
# system's own.
#
#   nix-instantiate --eval errors.nix --argstr nixpkgsLib DIR --argstr which NAME
{ nixpkgsLib, which }:
let
  lib = import (/. + nixpkgsLib);
  invalid = {
    wrong-type = {
      image = "nginx";
      restart = "sometimes";
    };
    unknown-option = {
      image = "nginx";
      imag = "nginx";
    };
    missing-image = {
      ports = [ "80:80" ];
    };
    nested-submodule = {
      image = "nginx";
      healthcheck.retries = -1;
    };
    list-of-submodules = {
      image = "nginx";
      ports = [
        {
          target = 80;
          protocol = "quic";
        }
      ];
    };
    dependency = {
      image = "nginx";
      dependsOn.db.condition = "service_ready";
    };
    group = {
      image = "nginx";
      logging.driver = 1;
    };
  };
  config =
    (lib.evalModules {
      modules = [
        (import ./stubs.nix {
          release = "25.05";
          dockerVersion = "27.5.1";
        })
        ../../../nixos/module.nix
        {
          khepri.compositions.app.services = {
            web = invalid.${which};
            db.image = "postgres";
          };
        }
      ];
    }).config;
in
builtins.toJSON config.khepri.compositions.app.services.web
