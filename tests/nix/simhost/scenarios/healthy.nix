# depends_on service_healthy: db turns healthy a few seconds after it started (its
# healthcheck tests for a file it writes then); web waits for that.
{ ... }:
{
  khepri.compositions.simhealthy.services = {
    db = {
      image = "khepri-test/busybox:1";
      cmd = [ "sh" "-c" "sleep 4; touch /ready; exec sleep 1000" ];
      healthcheck = {
        test = [ "CMD-SHELL" "test -f /ready" ];
        interval = "1s";
        timeout = "2s";
        retries = 30;
      };
    };
    web = {
      image = "khepri-test/busybox:1";
      cmd = [ "sleep" "1000" ];
      dependsOn.db.condition = "service_healthy";
    };
  };
}
