{
  compositions.app = {
    networks.back = { external = true; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
