{
  compositions.app = {
    services.web = { image = "nginx"; dnsSearch = "example.org"; };
  };
}
