{
  compositions.app = {
    volumes.data = { labels = [ "com.example.backup=daily" ]; };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "services" "manifest" ];
}
