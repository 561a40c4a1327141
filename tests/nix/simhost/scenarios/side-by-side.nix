# Two compositions with the same service names.
{ ... }:
let
  composition = {
    services = {
      db = {
        inherit (import ./service.nix) image cmd;
      };
      web = {
        inherit (import ./service.nix) image cmd;
        dependsOn = [ "db" ];
      };
    };
  };
in
{
  khepri.compositions.simsidea = composition;
  khepri.compositions.simsideb = composition;
}
