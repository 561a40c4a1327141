{
  compositions.app = {
    networks.back = { driver = "macvlan"; driverOpts.parent = "eth0"; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
