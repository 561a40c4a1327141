# Podman has no --health-start-interval.
{
  backend = "podman";
  compositions.app.services.db = { image = "postgres:16"; healthcheck = { test = "pg_isready"; startInterval = "1s"; }; };
  show = [ "assertions" "warnings" ];
}
