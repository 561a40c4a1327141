# The translator's assertions and warnings reach NixOS's assertions and warnings.
{ lib, evalNixos, ... }:
let
  config = evalNixos {
    modules = [
      {
        virtualisation.oci-containers.backend = "docker";
        khepri.compositions.app.services = {
          web = { image = "nginx"; networks = [ "front" ]; dependsOn = [ "db" ]; };
          api = { image = "api"; environment.API_TOKEN = "x"; ports = [ "80:80" ]; };
          proxy = { image = "caddy"; ports = [ "80:80" ]; };
        };
      }
    ];
  };
in
[
  {
    name = "failed assertions, each naming composition and service";
    actual = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
    expected = [
      "khepri.compositions.app.services.web: network \"front\" is not defined in khepri.compositions.app.networks"
      "khepri.compositions.app.services.web: dependsOn references service \"db\", which is not defined in khepri.compositions.app.services"
      "host address *:80/tcp is published more than once: khepri.compositions.app.services.api (\"80:80\"), khepri.compositions.app.services.proxy (\"80:80\")"
    ];
  }
  {
    name = "warnings";
    actual = config.warnings;
    expected = [
      "khepri.compositions.app.services.api: environment variable API_TOKEN looks like a secret; its value is written to the world-readable Nix store. Pass it with environmentFiles or secrets instead."
    ];
  }
  {
    name = "the backend agreement holds";
    actual = builtins.length (builtins.filter (a: a.assertion) config.assertions);
    expected = 1;
  }
]
