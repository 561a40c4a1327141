{
  compositions.app = {
    networks.back = { internal = true; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
