{
  compositions.app.services = {
    attrs.image = "nginx";
    attrs.labels = { "traefik.enable" = "true"; "traefik.http.routers.web.rule" = "Host(`web.example.org`)"; };
    # the user's labels cannot override khepri's
    list.image = "nginx";
    list.labels = [ "com.example.team=web" "com.docker.compose.project=other" ];
  };
}
