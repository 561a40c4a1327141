{
  compositions.app.services = {
    attrs = { image = "busybox"; sysctls = { "net.core.somaxconn" = 1024; "net.ipv4.tcp_syncookies" = 0; }; };
    list = { image = "busybox"; sysctls = [ "net.ipv6.conf.all.disable_ipv6=1" ]; };
  };
}
