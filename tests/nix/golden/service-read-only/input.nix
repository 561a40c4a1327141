{
  compositions.app = {
    services.web = { image = "nginx"; readOnly = true; tmpfs = [ "/var/cache/nginx" ]; };
  };
}
