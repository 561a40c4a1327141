{
  compositions.app = {
    services.web = { image = "jellyfin/jellyfin"; groupAdd = [ "video" 1001 ]; };
  };
}
