{
  backend = "podman";
  compositions.app = {
    volumes = [ "data" ];
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; restart = "always"; };
  };
  show = [ "containers" "services" "targets" "manifest" ];
}
