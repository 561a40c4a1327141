# A network one composition creates and another uses as external: the user's containers
# order themselves after the creating unit.
{
  compositions = {
    proxy = {
      networks.proxy_net.name = "proxy_net";
      services.caddy = { image = "caddy:2"; networks = [ "proxy_net" ]; };
    };
    app = {
      networks.proxy_net.external = true;
      services.web = { image = "nginx"; networks = [ "proxy_net" ]; };
    };
  };
  show = [ "services" "assertions" "manifest" ];
}
