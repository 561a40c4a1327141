{ ... }:
{
  khepri.compositions.simnet = {
    volumes = [ "data" ];
    services = {
      app = {
        inherit (import ./service.nix) image cmd;
        networks = [ "backend" ];
        volumes = [ "data:/data" ];
      };
      worker = {
        inherit (import ./service.nix) image cmd;
        networks = [ "backend" ];
        dependsOn = [ "app" ];
      };
    };
  };
}
