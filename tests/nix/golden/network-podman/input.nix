# podman network create has no --aux-address and no --ipam-opt: warnings say so.
{
  backend = "podman";
  compositions.app = {
    networks.back.ipam = {
      config = [ { subnet = "172.28.0.0/16"; gateway = "172.28.0.1"; auxAddresses.host1 = "172.28.1.5"; } ];
      options.foo = "bar";
    };
    services.web = { image = "nginx"; networks = [ "back" ]; };
  };
  show = [ "services" "warnings" ];
}
