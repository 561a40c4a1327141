# An external network no composition creates fails every start on a fresh host: warn.
# One that another composition creates (shared) and Docker's predefined ones do not warn.
{
  compositions = {
    proxy.networks.shared.name = "shared";
    proxy.services.caddy = { image = "caddy"; networks = [ "shared" ]; };
    app.networks = {
      shared.external = true;
      missing.external = true;
      host_bridge = { external = true; name = "bridge"; };
    };
    app.services.web = { image = "app:1"; networks = [ "shared" "missing" "host_bridge" ]; };
  };
  show = [ "assertions" "warnings" ];
}
