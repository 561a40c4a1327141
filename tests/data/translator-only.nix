# A composition whose translation fails an assertion only the module's
# translator checks (the container's unit, docker-network-clash-net.service,
# is also the network's unit), with a secret-looking environment variable
# (a warning the console's validator reports too). ConsoleSession must merge
# the translator's findings into the diagnostics (tst_consolesession,
# tst_gui_diagnostics).
{
  clash = {
    networks.backend.name = "clash-net";
    services.web = {
      image = "khepri-test/busybox:1";
      containerName = "network-clash-net";
      networks = [ "backend" ];
      environment.API_TOKEN = "not-a-secret";
    };
  };
}
