{
  compositions.app = {
    services.web = { image = "nginx"; capAdd = [ "NET_ADMIN" "SYS_TIME" ]; capDrop = [ "ALL" ]; };
  };
}
