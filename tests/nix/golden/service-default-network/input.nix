# Services that name no network join <comp>_default, created by its own unit.
{
  compositions.app.services = {
    web.image = "nginx";
    db.image = "postgres:16";
  };
  show = [ "containers" "services" "targets" "manifest" ];
}
