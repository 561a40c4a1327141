# A composition that sets every option of the khepri module at least once
# (NIXOS-MODULE.md), in long and short forms. The round-trip test writes it
# back and evaluates it again.
{ ... }:
{
  khepri.compositions.every = {
    networks = {
      front = { };
      back = {
        name = "every_back";
        driver = "bridge";
        driverOpts = {
          "com.docker.network.bridge.name" = "br-every";
          mtu = 1400;
        };
        ipam = {
          driver = "default";
          config = [
            {
              subnet = "172.28.0.0/16";
              ipRange = "172.28.5.0/24";
              gateway = "172.28.5.254";
              auxAddresses.host1 = "172.28.1.5";
            }
          ];
          options.foo = "bar";
        };
        internal = true;
        enableIpv6 = true;
        labels = [ "tier=back" ];
      };
      shared = {
        external = true;
        name = "proxy_net";
      };
    };
    volumes = {
      data = { };
      nfs = {
        name = "every_nfs";
        driver = "local";
        driverOpts = {
          type = "nfs";
          o = "addr=10.0.0.1,rw";
          device = ":/export";
        };
        labels.backup = "daily";
      };
      old = {
        external = true;
      };
    };
    secrets.db_password.file = "/run/agenix/db-password";
    services = {
      db = {
        image = "docker.io/library/postgres:16";
        healthcheck = {
          test = [
            "CMD-SHELL"
            "pg_isready -U postgres"
          ];
          interval = "10s";
          timeout = "5s";
          retries = 5;
          startPeriod = "30s";
          startInterval = "2s";
        };
        secrets = [
          "db_password"
          {
            source = "db_password";
            target = "pw";
          }
        ];
        networks.back = {
          aliases = [ "database" ];
          ipv4Address = "172.28.5.10";
          ipv6Address = "2001:db8::10";
        };
        volumes = [
          "data:/var/lib/postgresql/data:rw"
          {
            type = "bind";
            source = "/etc/pg";
            target = "/etc/postgresql";
            readOnly = true;
          }
        ];
        restart = "on-failure:5";
      };
      migrate = {
        image = "docker.io/library/busybox:1";
        cmd = "sh -c true";
        healthcheck.disable = true;
        dependsOn.db.condition = "service_healthy";
        networks = [ "back" ];
        autoStart = false;
      };
      web = {
        image = "ghcr.io/example/web:1.2";
        containerName = "every_web";
        environment = {
          TZ = "Europe/Berlin";
          WORKERS = 2;
        };
        environmentFiles = [ "/run/agenix/web.env" ];
        tmpfs = [
          "/run"
          "/tmp:size=64m"
        ];
        labels."traefik.enable" = "true";
        ports = [
          "8000:8000/tcp"
          "127.0.0.1:9000:9000"
          53
          {
            target = 443;
            published = 8443;
            hostIp = "0.0.0.0";
            protocol = "udp";
          }
        ];
        expose = [ "9100" ];
        dns = "9.9.9.9";
        dnsSearch = [ "example.org" ];
        dnsOpt = [ "use-vc" ];
        capAdd = [ "NET_ADMIN" ];
        capDrop = [ "ALL" ];
        logging = {
          driver = "json-file";
          options.max-size = "10m";
        };
        dependsOn = {
          db.condition = "service_started";
          migrate.condition = "service_completed_successfully";
        };
        deploy = {
          resources = {
            limits = {
              cpus = "0.5";
              memory = "512m";
              pids = 200;
            };
            reservations = {
              cpus = "0.25";
              memory = "256m";
              devices = [
                {
                  driver = "nvidia";
                  count = 1;
                  capabilities = [ "gpu" ];
                  deviceIds = [ "0" ];
                  options.foo = "bar";
                }
              ];
            };
          };
          restartPolicy = {
            condition = "on-failure";
            delay = "5s";
            maxAttempts = 3;
            window = "2min";
          };
        };
        devices = [ "/dev/dri:/dev/dri" ];
        networks = [
          "front"
          "back"
          "shared"
        ];
        privileged = true;
        extraHosts = {
          "host.docker.internal" = "host-gateway";
        };
        sysctls = [ "net.core.somaxconn=1024" ];
        shmSize = "256m";
        runtime = "runc";
        securityOpt = [ "no-new-privileges:true" ];
        cmd = [
          "serve"
          "--port"
          "8000"
        ];
        entrypoint = [ "/docker-entrypoint.sh" ];
        hostname = "web";
        macAddress = "02:42:ac:11:00:02";
        user = "1000:1000";
        workingDir = "/app";
        ulimits = {
          nproc = 65535;
          nofile = {
            soft = 20000;
            hard = 40000;
          };
        };
        stopSignal = "SIGINT";
        stopGracePeriod = "1m30s";
        init = true;
        groupAdd = [
          "video"
          44
        ];
        readOnly = true;
        pull = "always";
        login = {
          username = "alice";
          passwordFile = "/run/agenix/registry";
          registry = "ghcr.io";
        };
        extraOptions = [ "--memory-swappiness=0" ];
      };
      host = {
        image = "docker.io/library/nginx:1";
        networkMode = "host";
        restart = "always";
      };
    };
  };
}
