# networkMode and networks together.
{
  compositions.app = {
    networks.front = { };
    services.web = { image = "nginx"; networkMode = "host"; networks = [ "front" ]; };
  };
  show = [ "assertions" "warnings" ];
}
