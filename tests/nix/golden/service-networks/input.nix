# Several networks with Docker: the first with the classic flags, the others with the
# per-network syntax. The service's name is its alias on each.
{
  compositions.app = {
    networks = { front = { }; back = { }; proxy = { external = true; name = "proxy_net"; }; };
    services.web = { image = "nginx"; networks = [ "front" "back" "proxy" ]; };
  };
  show = [ "containers" "services" "assertions" "manifest" ];
}
