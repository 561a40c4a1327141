{
  compositions.app = {
    services.web = { image = "nginx"; tmpfs = [ "/run" "/tmp:size=64m,mode=1777" ]; };
  };
}
