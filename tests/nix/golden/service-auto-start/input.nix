{
  compositions.app = {
    services.web = { image = "nginx"; autoStart = false; };
  };
  show = [ "containers" "services" "manifest" ];
}
