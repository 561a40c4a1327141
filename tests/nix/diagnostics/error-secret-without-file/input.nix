# A secret without its file.
{
  compositions.app = {
    secrets.db_password = { };
    services.db = { image = "postgres:16"; secrets = [ "db_password" ]; };
  };
  show = [ "assertions" "warnings" ];
}
