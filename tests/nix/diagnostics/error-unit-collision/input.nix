# A container whose unit name is a network unit's name.
{
  compositions.app = {
    networks.front.name = "front";
    services.web = { image = "nginx"; networks = [ "front" ]; containerName = "network-front"; };
  };
  show = [ "assertions" "warnings" ];
}
