{
  compositions.app = {
    networks.back = { labels = { "com.example.purpose" = "backend"; }; };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "manifest" ];
}
