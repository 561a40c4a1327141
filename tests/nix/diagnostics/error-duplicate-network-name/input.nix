# Two compositions creating the same Docker network: one of them must use it as external.
{
  compositions = {
    one = { networks.shared.name = "shared"; services.a = { image = "nginx"; networks = [ "shared" ]; }; };
    two = { networks.shared.name = "shared"; services.b = { image = "nginx"; networks = [ "shared" ]; }; };
  };
  show = [ "assertions" "warnings" ];
}
