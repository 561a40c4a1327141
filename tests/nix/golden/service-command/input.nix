{
  compositions.app.services = {
    list = { image = "gotenberg/gotenberg:8"; cmd = [ "gotenberg" "--chromium-disable-javascript=true" "--log-format=text auto" ]; };
    string = { image = "redis:7"; cmd = "redis-server --appendonly yes"; };
  };
}
