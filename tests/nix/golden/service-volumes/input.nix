{
  compositions.app = {
    volumes = [ "data" ];
    services.web = {
      image = "nginx";
      volumes = [
        "data:/var/lib/web"
        "data:/srv/ro:ro"
        "/etc/web/nginx.conf:/etc/nginx/nginx.conf:ro"
        "/srv/www:/usr/share/nginx/html:rw,z"
        "/var/cache/nginx"
        { type = "volume"; source = "data"; target = "/long"; readOnly = true; }
        { type = "bind"; source = "/etc/hosts"; target = "/etc/hosts"; }
        { type = "tmpfs"; target = "/scratch"; }
      ];
    };
  };
  show = [ "containers" "services" "assertions" "warnings" ];
}
