{ ... }:
{
  khepri.compositions.simnet = {
    volumes = [ "data" ];
    services = {
      app = {
        image = "khepri-test/busybox:1";
        cmd = [ "sleep" "1000" ];
        networks = [ "backend" ];
        volumes = [ "data:/data" ];
      };
      worker = {
        image = "khepri-test/busybox:1";
        cmd = [ "sleep" "1000" ];
        networks = [ "backend" ];
        dependsOn = [ "app" ];
      };
    };
  };
}
