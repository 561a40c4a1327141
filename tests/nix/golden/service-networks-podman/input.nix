{
  backend = "podman";
  compositions.app = {
    networks = { front = { }; back = { }; };
    services.web = { image = "nginx"; networks.front.aliases = [ "www" ]; networks.back = { }; };
  };
  show = [ "containers" "assertions" ];
}
