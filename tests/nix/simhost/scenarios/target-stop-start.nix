# A chain of dependencies: front depends on middle, middle on base.
{ ... }:
let
  sleeper = import ./service.nix;
in
{
  khepri.compositions.simorder = {
    volumes = [ "data" ];
    services = {
      base = sleeper // { volumes = [ "data:/data" ]; };
      middle = sleeper // { dependsOn = [ "base" ]; };
      front = sleeper // { dependsOn = [ "middle" ]; };
    };
  };
}
