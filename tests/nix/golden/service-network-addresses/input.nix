{
  compositions.app = {
    networks.back = {
      enableIpv6 = true;
      ipam.config = [ { subnet = "172.28.0.0/16"; } { subnet = "2001:db8:1::/64"; } ];
    };
    networks.front.ipam.config = [ { subnet = "172.29.0.0/16"; } ];
    services.db = {
      image = "postgres:16";
      networks.back = { ipv4Address = "172.28.0.10"; ipv6Address = "2001:db8:1::10"; };
      networks.front.ipv4Address = "172.29.0.10";
    };
  };
}
