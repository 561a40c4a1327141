# simextprov creates the network simext_shared; simextuse joins it as external. simextlost
# joins an external network that no composition creates (evaluation warns).
{ ... }:
{
  khepri.compositions.simextprov = {
    networks.shared.name = "simext_shared";
    services.proxy = {
      inherit (import ./service.nix) image cmd;
      networks = [ "shared" ];
    };
  };
  khepri.compositions.simextuse = {
    networks.shared = {
      external = true;
      name = "simext_shared";
    };
    services.app = {
      inherit (import ./service.nix) image cmd;
      networks = [ "shared" ];
    };
  };
  khepri.compositions.simextlost = {
    networks.nowhere.external = true;
    services.app = {
      inherit (import ./service.nix) image cmd;
      networks = [ "nowhere" ];
      autoStart = false;
    };
  };
}
