{
  compositions.app = {
    volumes.data = { driver = "local"; };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "services" "manifest" ];
}
