{
  compositions.app = {
    networks.back = { driverOpts = { "com.docker.network.bridge.name" = "br-back"; "com.docker.network.driver.mtu" = 1400; }; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
