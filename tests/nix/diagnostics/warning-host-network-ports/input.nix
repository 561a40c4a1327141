# Published ports mean nothing with the host's network.
{
  compositions.app.services.web = { image = "nginx"; networkMode = "host"; ports = [ "80:80" ]; };
  show = [ "assertions" "warnings" ];
}
