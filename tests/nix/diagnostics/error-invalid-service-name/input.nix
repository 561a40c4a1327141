# A service key that is not a valid compose service name.
{
  compositions.app.services."-web".image = "nginx";
  show = [ "assertions" "warnings" ];
}
