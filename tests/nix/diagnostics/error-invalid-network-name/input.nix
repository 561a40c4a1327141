# A network key and a Docker network name that are not valid.
{
  compositions.app = {
    networks."front end" = { };
    networks.back.name = "b";
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "assertions" "warnings" ];
}
