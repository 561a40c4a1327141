{
  compositions.app.services = {
    attrs.image = "busybox";
    attrs.environment = { TZ = "Europe/Berlin"; WORKERS = 4; DEBUG = false; RATIO = 1.5; EMPTY = ""; };
    list.image = "busybox";
    list.environment = [ "TZ=Europe/Berlin" "URL=http://x/?a=b" "FLAG" ];
  };
}
