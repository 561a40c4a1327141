{ config, pkgs, lib, ... }: {
  khepri.compositions = {
    # The first composition for running the reverse proxy caddy. It creates the network
    # proxy_net (an explicit name, not caddy_proxy_net), which paperless joins as external.
    caddy = {
      networks.proxy_net = { name = "proxy_net"; };
      volumes = ["caddy_data"];
      services = {
        caddy = {
          image = "caddy:alpine";
          networks = [ "proxy_net" ];
          volumes = [
            "caddy_data:/data:rw"
            "/etc/caddy/Caddyfile:/etc/caddy/Caddyfile:ro"
          ];
          ports = [ "80:80/tcp" "443:443/tcp" "443:443/udp" ];
        };
      };
    };
    # The second composition for running paperless-ngx
    paperless = {
      networks = {
        paperless = { };
        proxy_net = { external = true; };
      };
      volumes = [ "data" "pgdata" "redisdata" "documents" ];
      services = {
        broker = {
          image = "docker.io/library/redis:7";
          volumes = [ "redisdata:/data:rw" ];
          networks = [ "paperless" ];
        };
        db = {
          image = "docker.io/library/postgres:15";
          environment = {
            POSTGRES_DB = "paperless";
            POSTGRES_PASSWORD = "paperless";
            POSTGRES_USER = "paperless";
          };
          volumes = [ "pgdata:/var/lib/postgresql/data:rw" ];
          networks = [ "paperless" ];
        };
        tika = {
          image = "ghcr.io/paperless-ngx/tika:latest";
          networks = [ "paperless" ];
        };
        gotenberg = {
          image = "docker.io/gotenberg/gotenberg:7.8";
          cmd = [
            "gotenberg"
            "--chromium-disable-javascript=true"
            "--chromium-allow-list=file:///tmp/.*"
          ];
          networks = [ "paperless" ];
        };
        webserver = {
          image = "ghcr.io/paperless-ngx/paperless-ngx:latest";
          containerName = "paperless_web";
          environment = {
            PAPERLESS_DBHOST = "db";
            PAPERLESS_OCR_LANGUAGE = "deu";
            PAPERLESS_REDIS = "redis://broker:6379";
            PAPERLESS_SECRET_KEY = "super-secret-key";
            PAPERLESS_TASK_WORKERS = "2";
            PAPERLESS_TIKA_ENABLED = "1";
            PAPERLESS_TIKA_ENDPOINT = "http://tika:9998";
            PAPERLESS_TIKA_GOTENBERG_ENDPOINT = "http://gotenberg:3000";
            PAPERLESS_TIME_ZONE = "Europe/Berlin";
          };
          volumes = [
            "documents:/usr/src/paperless/media:rw"
            "data:/usr/src/paperless/data:rw"
          ];
          ports = [ "8000:8000/tcp" ];
          dependsOn = [ "db" "broker" "tika" "gotenberg" ];
          networks = [ "paperless" "proxy_net" ];
        };
      };
    };
  };
  # caddy's configuration: everything to paperless, on the shared network proxy_net.
  environment.etc."caddy/Caddyfile".text = ''
    :80 {
      reverse_proxy paperless_web:8000
    }
  '';
}
