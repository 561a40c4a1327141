{
  compositions.app = {
    networks.back = { name = "shared_back"; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
