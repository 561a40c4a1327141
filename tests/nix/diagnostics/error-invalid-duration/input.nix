# Durations must be compose durations (30s, 1m30s, 500ms).
{
  compositions.app.services.db = {
    image = "postgres:16";
    stopGracePeriod = "a while";
    healthcheck = { test = "pg_isready"; interval = "10 seconds"; timeout = "5s"; };
  };
  show = [ "assertions" "warnings" ];
}
