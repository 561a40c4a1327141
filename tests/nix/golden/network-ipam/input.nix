{
  compositions.app = {
    networks.back = {
      ipam = {
        driver = "default";
        config = [
          { subnet = "172.28.0.0/16"; ipRange = "172.28.5.0/24"; gateway = "172.28.5.254"; auxAddresses = { host1 = "172.28.1.5"; host2 = "172.28.1.6"; }; }
          { subnet = "2001:db8:2::/64"; gateway = "2001:db8:2::1"; }
        ];
        options.foo = "bar";
      };
    };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
