# A chain of dependencies: front depends on middle, middle on base.
{ ... }:
let
  sleeper = {
    image = "khepri-test/busybox:1";
    cmd = [ "sleep" "1000" ];
  };
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
