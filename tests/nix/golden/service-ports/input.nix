{
  compositions.app.services.web = {
    image = "nginx";
    ports = [
      "80:80"
      "443:443/tcp"
      "443:443/udp"
      "127.0.0.1:8080:8080"
      "[::1]:8081:8081"
      "9000-9002:9000-9002"
      "127.0.0.1::5000"
      "3000"
      3001
      { target = 53; published = 5353; protocol = "udp"; hostIp = "127.0.0.1"; }
      { target = 7000; }
    ];
  };
  show = [ "containers" "assertions" "manifest" ];
}
