# A service on several networks needs Docker 25 (`--network=name=…`); the module passes
# virtualisation.docker.package's version. One network, podman, or an unknown version pass.
{
  dockerVersion = "24.0.9";
  compositions.app = {
    networks = { front = { }; back = { }; };
    services = {
      web = { image = "nginx"; networks = [ "front" "back" ]; };
      db = { image = "postgres"; networks = [ "back" ]; };
    };
  };
  show = [ "assertions" "warnings" ];
}
