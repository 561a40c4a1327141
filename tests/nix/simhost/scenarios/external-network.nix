# simextprov creates the network simext_shared; simextuse joins it as external. simextlost
# joins an external network that no composition creates (evaluation warns).
{ ... }:
{
  khepri.compositions.simextprov = {
    networks.shared.name = "simext_shared";
    services.proxy = {
      image = "khepri-test/busybox:1";
      cmd = [ "sleep" "1000" ];
      networks = [ "shared" ];
    };
  };
  khepri.compositions.simextuse = {
    networks.shared = {
      external = true;
      name = "simext_shared";
    };
    services.app = {
      image = "khepri-test/busybox:1";
      cmd = [ "sleep" "1000" ];
      networks = [ "shared" ];
    };
  };
  khepri.compositions.simextlost = {
    networks.nowhere.external = true;
    services.app = {
      image = "khepri-test/busybox:1";
      cmd = [ "sleep" "1000" ];
      networks = [ "nowhere" ];
      autoStart = false;
    };
  };
}
