# containerName Docker would refuse.
{
  compositions.app.services.web = { image = "nginx"; containerName = "my web"; };
  show = [ "assertions" "warnings" ];
}
