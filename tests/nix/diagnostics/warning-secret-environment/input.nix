# Environment values that look like secrets (*PASSWORD*, *SECRET*, *TOKEN*, *_KEY, any case; not *_FILE paths).
{
  compositions.app.services.api = {
    image = "api:1";
    environment = {
      DB_PASSWORD = "x";
      client_secret = "x";
      GITHUB_TOKEN = "x";
      API_KEY = "x";
      DB_PASSWORD_FILE = "/run/secrets/db";
      KEYBOARD = "us";
      TZ = "UTC";
    };
  };
  show = [ "assertions" "warnings" ];
}
