{
  compositions.app = {
    services.web = { image = "nginx"; dns = [ "9.9.9.9" "1.1.1.1" ]; dnsOpt = [ "use-vc" ]; };
  };
}
