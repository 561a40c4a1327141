{
  compositions.app = {
    networks.back = { enableIpv6 = true; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
