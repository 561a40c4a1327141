# A service mounts a secret its composition does not define.
{
  compositions.app.services.db = { image = "postgres:16"; secrets = [ "db_password" ]; };
  show = [ "assertions" "warnings" ];
}
