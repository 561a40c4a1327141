{
  compositions.app.services = {
    db = {
      image = "postgres:16";
      healthcheck = { test = [ "CMD-SHELL" "pg_isready -U postgres" ]; interval = "10s"; timeout = "5s"; retries = 5; startPeriod = "30s"; };
    };
    cache = {
      image = "redis:7";
      # compose's defaults: interval 30s, timeout 30s, retries 3, no start period
      healthcheck.test = [ "CMD" "redis-cli" "ping" ];
    };
    web = {
      image = "nginx";
      dependsOn = { db.condition = "service_healthy"; cache.condition = "service_healthy"; };
    };
  };
  show = [ "containers" "services" "assertions" "manifest" ];
}
