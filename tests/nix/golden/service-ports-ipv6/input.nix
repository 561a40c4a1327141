# Long-form ports on an IPv6 host address are written with brackets, as Docker reads them
# (issue 11, item 8); an address already in brackets is kept.
{
  compositions.app.services.web = {
    image = "nginx";
    ports = [
      { target = 80; published = 8080; hostIp = "::1"; }
      { target = 443; published = 8443; hostIp = "[2001:db8::1]"; protocol = "udp"; }
      { target = 9000; hostIp = "fe80::1"; }
      { target = 53; published = 5353; hostIp = "127.0.0.1"; protocol = "udp"; }
    ];
  };
  show = [ "containers" "assertions" ];
}
