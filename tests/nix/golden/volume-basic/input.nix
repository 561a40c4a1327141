{
  compositions.app = {
    volumes.data = { };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
