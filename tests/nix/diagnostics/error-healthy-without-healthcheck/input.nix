# service_healthy on a dependency that has no healthcheck.
{
  compositions.app.services = {
    db.image = "postgres:16";
    web = { image = "nginx"; dependsOn.db.condition = "service_healthy"; };
  };
  show = [ "assertions" "warnings" ];
}
