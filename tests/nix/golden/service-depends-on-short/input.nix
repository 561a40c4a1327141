{
  compositions.app.services = {
    db.image = "postgres:16";
    cache.image = "redis:7";
    web = { image = "nginx"; dependsOn = [ "db" "cache" ]; };
  };
  show = [ "containers" "services" "assertions" "manifest" ];
}
