{
  compositions.app = {
    services.web = { image = "jellyfin/jellyfin"; devices = [ "/dev/dri:/dev/dri" "/dev/snd" ]; };
  };
}
