{
  compositions.app = {
    services.web = { image = "nginx"; ulimits = { nproc = 65535; nofile = { soft = 20000; hard = 40000; }; }; };
  };
}
