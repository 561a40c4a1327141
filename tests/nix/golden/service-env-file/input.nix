{
  compositions.app = {
    services.web = { image = "nginx"; environmentFiles = [ "/run/agenix/web.env" "/etc/web/common.env" ]; };
  };
}
