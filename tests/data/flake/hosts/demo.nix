# Hand-written: the console shows this composition read-only.
{ ... }:
{
  khepri.compositions.proxy = {
    networks.proxy_net = {
      name = "proxy_net";
    };
    services.caddy = {
      image = "caddy:alpine";
      networks = [ "proxy_net" ];
      ports = [ "80:80/tcp" ];
    };
  };
}
