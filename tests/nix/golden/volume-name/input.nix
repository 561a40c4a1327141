{
  compositions.app = {
    volumes.data = { name = "legacy_data"; };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "containers" "services" "manifest" ];
}
