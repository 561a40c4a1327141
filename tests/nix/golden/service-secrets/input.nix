# File secrets are bind-mounted read-only under /run/secrets, as compose does.
{
  compositions.app = {
    secrets = { db_password.file = "/run/agenix/db-password"; api_key.file = "/run/agenix/api-key"; };
    services.db = {
      image = "postgres:16";
      environment.POSTGRES_PASSWORD_FILE = "/run/secrets/db_password";
      secrets = [ "db_password" { source = "api_key"; target = "/etc/app/key"; } { source = "api_key"; target = "key2"; } ];
    };
  };
  show = [ "containers" "assertions" "warnings" ];
}
