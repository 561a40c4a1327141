{
  compositions.app = {
    services.web = { image = "nginx"; expose = [ "80" 8080 ]; };
  };
  show = [ "containers" "assertions" "warnings" "manifest" ];
}
