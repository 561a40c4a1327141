{
  compositions.app.services = {
    default.image = "busybox";
    no = { image = "busybox"; restart = "no"; };
    always = { image = "busybox"; restart = "always"; };
    unless-stopped = { image = "busybox"; restart = "unless-stopped"; };
    on-failure = { image = "busybox"; restart = "on-failure"; };
    on-failure-5 = { image = "busybox"; restart = "on-failure:5"; };
  };
  show = [ "services" "assertions" "manifest" ];
}
