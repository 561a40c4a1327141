{
  compositions.app.services = {
    single = { image = "busybox"; entrypoint = "/bin/sh"; };
    list = { image = "busybox"; entrypoint = [ "/bin/sh" "-c" ]; cmd = [ "echo hello" ]; };
  };
}
