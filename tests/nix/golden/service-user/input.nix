{
  compositions.app = {
    services.web = { image = "nginx"; user = "1000:1000"; };
  };
}
