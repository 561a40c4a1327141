# A run-once dependency cannot restart always.
{
  compositions.app.services = {
    migrate = { image = "app:1"; restart = "always"; };
    web = { image = "app:1"; dependsOn.migrate.condition = "service_completed_successfully"; };
  };
  show = [ "assertions" "warnings" ];
}
