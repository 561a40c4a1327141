{
  compositions.app = {
    services.web = { image = "nginx:latest"; pull = "always"; };
  };
}
