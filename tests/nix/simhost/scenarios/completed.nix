# depends_on service_completed_successfully: a migration that exits 0 (simdone) and one
# that exits 1 (simfailed), each with a web service waiting for it.
{ ... }:
let
  composition = status: {
    services = {
      migrate = {
        image = "khepri-test/busybox:1";
        cmd = [ "sh" "-c" "sleep 2; exit ${toString status}" ];
      };
      web = {
        inherit (import ./service.nix) image cmd;
        dependsOn.migrate.condition = "service_completed_successfully";
      };
    };
  };
in
{
  khepri.compositions.simdone = composition 0;
  khepri.compositions.simfailed = composition 1;
}
