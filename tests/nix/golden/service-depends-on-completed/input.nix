{
  compositions.app.services = {
    migrate = { image = "app:1"; cmd = [ "migrate" ]; };
    web = { image = "app:1"; dependsOn.migrate.condition = "service_completed_successfully"; };
  };
  show = [ "containers" "services" "assertions" "warnings" "manifest" ];
}
