# The translator gives the same result for compositions as a user writes them (sparse,
# short forms) and as the module passes them (coerced to long forms, every option
# defaulted): checked on every golden case's input.
{
  lib,
  khepri,
  evalNixos,
  goldenDir,
  goldenCaseNames,
  ...
}:
let
  check =
    caseName:
    let
      args = removeAttrs (import (goldenDir + "/${caseName}/input.nix")) [ "show" ];
      config = evalNixos {
        modules = [
          {
            khepri = { inherit (args) compositions; };
            virtualisation.oci-containers.backend = args.backend or "docker";
          }
        ];
      };
      fromModule = khepri.translate (args // { compositions = config.khepri.compositions; });
      fromSparse = khepri.translate args;
      parts = [
        "containers"
        "services"
        "targets"
        "assertions"
        "warnings"
        "manifest"
      ];
    in
    {
      name = "golden case ${caseName}";
      actual = lib.getAttrs parts fromModule;
      expected = lib.getAttrs parts fromSparse;
    };
in
map check goldenCaseNames
