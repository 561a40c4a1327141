# The same host address:port/protocol published twice (a wildcard address overlaps every address; tcp and udp do not clash; a range clashes on its overlap).
{
  compositions = {
    one.services.web = { image = "nginx"; ports = [ "80:80" "127.0.0.1:8080:80" "443:443/udp" ]; };
    two.services.proxy = { image = "caddy"; ports = [ "0.0.0.0:80:8080" "127.0.0.2:8080:80" "443:443" ]; };
    two.services.admin = { image = "caddy"; ports = [ "127.0.0.1:8080-8081:80" ]; };
  };
  show = [ "assertions" "warnings" ];
}
