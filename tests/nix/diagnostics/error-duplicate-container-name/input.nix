# Two services, in two compositions, with the same container name.
{
  compositions = {
    one.services.web = { image = "nginx"; containerName = "web"; };
    two.services.www = { image = "nginx"; containerName = "web"; };
  };
  show = [ "assertions" "warnings" ];
}
