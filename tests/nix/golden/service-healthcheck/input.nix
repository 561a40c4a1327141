{
  compositions.app.services = {
    exec = { image = "redis:7"; healthcheck = { test = [ "CMD" "redis-cli" "-h" "127.0.0.1" "ping" ]; interval = "10s"; timeout = "3s"; retries = 5; startPeriod = "20s"; startInterval = "1s"; }; };
    shell = { image = "postgres:16"; healthcheck.test = [ "CMD-SHELL" "pg_isready -U postgres || exit 1" ]; };
    string = { image = "nginx"; healthcheck.test = "curl -f http://localhost/ || exit 1"; };
    none = { image = "nginx"; healthcheck.test = [ "NONE" ]; };
    disabled = { image = "nginx"; healthcheck.disable = true; };
  };
}
