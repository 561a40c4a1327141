# A dependsOn condition that does not exist.
{
  compositions.app.services = {
    db.image = "postgres:16";
    web = { image = "nginx"; dependsOn.db.condition = "service_ready"; };
  };
  show = [ "assertions" "warnings" ];
}
