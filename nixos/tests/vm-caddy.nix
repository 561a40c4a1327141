# NixOS VM test: the original README's caddy composition, with its image built by
# dockerTools (the VM has no registry), on the Docker backend. It comes up with its network
# and volume units active, carries the compose labels, and stopping its target stops the
# container but keeps the volume and its data.
#
#   checks.x86_64-linux.vm-caddy = import ./nixos/tests/vm-caddy.nix { inherit pkgs self; };
{ pkgs, ... }:
let
  # Named as the README's image reference, so `image` needs no registry.
  caddyImage = pkgs.dockerTools.buildLayeredImage {
    name = "caddy";
    tag = "alpine";
    contents = [
      pkgs.caddy
      pkgs.busybox
    ];
    config = {
      Cmd = [
        "caddy"
        "run"
        "--config"
        "/etc/caddy/Caddyfile"
        "--adapter"
        "caddyfile"
      ];
      Env = [
        "XDG_CONFIG_HOME=/config"
        "XDG_DATA_HOME=/data"
      ];
    };
  };
in
pkgs.testers.runNixOSTest {
  name = "khepri-caddy";

  nodes.machine =
    { pkgs, ... }:
    {
      imports = [ ../module.nix ];

      virtualisation.memorySize = 2048;
      virtualisation.diskSize = 4096;
      virtualisation.oci-containers.backend = "docker";
      environment.systemPackages = [ pkgs.curl ];

      environment.etc."caddy/Caddyfile".text = ''
        :80 {
          respond "hello from khepri"
        }
      '';

      khepri.compositions = {
        # Creates the network the caddy composition uses as external.
        shared.networks.proxy_net.name = "proxy_net";

        # The README's caddy composition, with the image built above.
        caddy = {
          networks.proxy_net = {
            external = true;
          };
          volumes = [ "caddy_data" ];
          services = {
            caddy = {
              image = caddyImage;
              networks = [ "proxy_net" ];
              volumes = [
                "caddy_data:/data:rw"
                "/etc/caddy/Caddyfile:/etc/caddy/Caddyfile:ro"
              ];
              ports = [
                "80:80/tcp"
                "443:443/tcp"
                "443:443/udp"
              ];
            };
          };
        };
      };
    };

  testScript = ''
    import json

    machine.wait_for_unit("khepri-caddy.target")
    machine.wait_for_unit("docker-network-proxy_net.service")
    machine.wait_for_unit("docker-volume-caddy_caddy_data.service")
    machine.wait_for_unit("docker-caddy-caddy.service")
    machine.wait_until_succeeds("curl -fs http://localhost/ | grep 'hello from khepri'", timeout=120)

    with subtest("network, volume and labels are khepri's"):
        machine.succeed("docker network inspect proxy_net --format '{{index .Labels \"io.khepri.network-hash\"}}' | grep -E '^[0-9a-f]{64}$'")
        machine.succeed("docker volume inspect caddy_caddy_data")
        labels = json.loads(machine.succeed("docker inspect caddy-caddy --format '{{json .Config.Labels}}'"))
        assert labels["com.docker.compose.project"] == "caddy", labels
        assert labels["com.docker.compose.service"] == "caddy", labels
        assert labels["io.khepri.composition"] == "caddy", labels

    with subtest("the manifest names the units"):
        manifest = json.loads(machine.succeed("cat /etc/khepri/manifest.json"))
        service = manifest["compositions"]["caddy"]["services"]["caddy"]
        assert service["unit"] == "docker-caddy-caddy.service", service
        assert manifest["compositions"]["caddy"]["volumes"]["caddy_data"]["unit"] == "docker-volume-caddy_caddy_data.service"

    with subtest("stopping the target stops the container and keeps the volume's data"):
        machine.succeed("docker exec caddy-caddy touch /data/khepri-marker")
        machine.systemctl("stop khepri-caddy.target")
        machine.wait_until_fails("docker inspect caddy-caddy")
        machine.fail("systemctl is-active docker-caddy-caddy.service")
        machine.succeed("docker volume inspect caddy_caddy_data")

    with subtest("starting it again brings the same data back"):
        machine.systemctl("start khepri-caddy.target")
        machine.wait_for_unit("docker-caddy-caddy.service")
        machine.wait_until_succeeds("docker exec caddy-caddy test -f /data/khepri-marker", timeout=120)
  '';
}
