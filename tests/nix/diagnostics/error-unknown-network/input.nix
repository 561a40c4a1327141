# A service joins a network its composition does not define.
{
  compositions.app.services.web = { image = "nginx"; networks = [ "front" ]; };
  show = [ "assertions" "warnings" ];
}
