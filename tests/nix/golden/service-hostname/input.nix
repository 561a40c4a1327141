{
  compositions.app = {
    services.web = { image = "nginx"; hostname = "www"; };
  };
}
