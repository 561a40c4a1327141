{
  compositions.app.services = {
    list = { image = "busybox"; extraHosts = [ "somehost:162.242.195.82" "otherhost=50.31.209.229" ]; };
    attrs = { image = "busybox"; extraHosts = { "host.docker.internal" = "host-gateway"; }; };
  };
}
