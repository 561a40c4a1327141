# A module that declares one more service option beside nixos/module.nix's, as a contributor
# adding an option to the module without touching model/schema.cpp would: tst_schema
# evaluates the option tree with it and expects the check to report
# `services.<name>.probeOption` as missing from the schema.
{ lib, ... }:
let
  inherit (lib) mkOption types;
in
{
  options.khepri.compositions = mkOption {
    type = types.attrsOf (
      types.submodule {
        options.services = mkOption {
          type = types.attrsOf (
            types.submodule {
              options.probeOption = mkOption {
                type = types.nullOr types.str;
                default = null;
                description = "An option only this test declares.";
              };
            }
          );
        };
      }
    );
  };
}
