# dependsOn names a service that does not exist.
{
  compositions.app.services.web = { image = "nginx"; dependsOn = [ "db" ]; };
  show = [ "assertions" "warnings" ];
}
