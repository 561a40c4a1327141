# depends_on service_healthy: db turns healthy a few seconds after it started (its
# healthcheck tests for a file it writes then); web waits for that.
{ ... }:
{
  khepri.compositions.simhealthy.services = {
    db = {
      image = "khepri-test/busybox:1";
      cmd = [ "sh" "-c" "trap 'exit 0' TERM; (sleep 8; touch /ready) & sleep 1000 & wait" ];
      healthcheck = {
        test = [ "CMD-SHELL" "test -f /ready" ];
        interval = "1s";
        timeout = "2s";
        retries = 30;
      };
    };
    web = {
      inherit (import ./service.nix) image cmd;
      dependsOn.db.condition = "service_healthy";
    };
  };
}
