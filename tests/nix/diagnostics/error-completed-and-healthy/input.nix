# One service waited on both to complete and to be healthy (issue 11, item 6): it would
# have to exit and stay up at once. A service waited on with one condition by several
# dependents is fine.
{
  compositions.app.services = {
    migrate = { image = "app"; healthcheck.test = [ "CMD-SHELL" "true" ]; };
    db = { image = "postgres"; healthcheck.test = [ "CMD-SHELL" "pg_isready" ]; };
    web = { image = "app"; dependsOn = { migrate.condition = "service_completed_successfully"; db.condition = "service_healthy"; }; };
    worker = { image = "app"; dependsOn = { migrate.condition = "service_healthy"; db.condition = "service_healthy"; }; };
  };
  show = [ "assertions" "warnings" ];
}
