{
  compositions.app = {
    networks.back = { };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
