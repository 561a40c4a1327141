{
  compositions.app = {
    networks.front = { };
    services.web = { image = "nginx"; networks = [ "front" ]; containerName = "my_web"; };
  };
  show = [ "containers" "services" "manifest" ];
}
