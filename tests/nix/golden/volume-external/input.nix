{
  compositions.app = {
    volumes.data = { external = true; name = "nas_data"; };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
