# Two compositions with the same service names.
{ ... }:
let
  composition = {
    services = {
      db = {
        image = "khepri-test/busybox:1";
        cmd = [ "sleep" "1000" ];
      };
      web = {
        image = "khepri-test/busybox:1";
        cmd = [ "sleep" "1000" ];
        dependsOn = [ "db" ];
      };
    };
  };
in
{
  khepri.compositions.simsidea = composition;
  khepri.compositions.simsideb = composition;
}
