# A service without an image.
{
  compositions.app.services.web = { ports = [ "80:80" ]; };
  show = [ "assertions" "warnings" ];
}
