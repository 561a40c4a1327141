# Option types: compose's short and long forms are accepted and coerced; values compose
# would refuse fail evaluation with a type error.
{ lib, evalNixos, ... }:
let
  evalApp =
    service:
    (evalNixos {
      modules = [
        {
          virtualisation.oci-containers.backend = "docker";
          khepri.compositions.app = {
            networks.front = { };
            volumes = [ "data" ];
            secrets.token.file = "/run/agenix/token";
            services.db.image = "postgres:16";
            services.web = { image = "nginx"; } // service;
          };
        }
      ];
    });
  web = service: (evalApp service).khepri.compositions.app.services.web;
  containers = service: (evalApp service).virtualisation.oci-containers.containers;
in
[
  {
    name = "short forms are coerced to the long forms";
    actual =
      let
        w = web {
          networks = [ "front" ];
          dependsOn = [ "db" ];
          environment = [ "A=1" "B" ];
          labels = [ "x=y" ];
          tmpfs = "/run";
          dns = "9.9.9.9";
          extraHosts = { gw = "host-gateway"; };
          ulimits.nproc = 65535;
          secrets = [ "token" ];
        };
      in
      {
        inherit (w)
          networks
          dependsOn
          environment
          labels
          tmpfs
          dns
          extraHosts
          ulimits
          secrets
          ;
      };
    expected = {
      networks.front = {
        aliases = [ ];
        ipv4Address = null;
        ipv6Address = null;
      };
      dependsOn.db.condition = "service_started";
      environment.A = "1";
      labels.x = "y";
      tmpfs = [ "/run" ];
      dns = [ "9.9.9.9" ];
      extraHosts = [ "gw:host-gateway" ];
      ulimits.nproc = {
        soft = 65535;
        hard = 65535;
      };
      secrets = [
        {
          source = "token";
          target = null;
        }
      ];
    };
  }
  {
    name = "a string cmd and entrypoint are split as compose splits them";
    actual =
      let
        c = (containers {
          entrypoint = "/bin/sh -c";
          cmd = "\"exec postgres -c 'shared_buffers=256MB'\"";
        }).app-web;
      in
      {
        inherit (c) entrypoint cmd;
      };
    expected = {
      entrypoint = "/bin/sh";
      cmd = [ "-c" "exec postgres -c 'shared_buffers=256MB'" ];
    };
  }
  {
    name = "a string cmd with an unclosed quote is an assertion, not a type error";
    actual = map (a: a.message) (builtins.filter (a: !a.assertion) (evalApp { cmd = "echo 'oops"; }).assertions);
    expected = [
      "khepri.compositions.app.services.web: cmd \"echo 'oops\" cannot be split into words: a quote is not closed or it ends in a backslash; close the quote, or give cmd as a list"
    ];
  }
  {
    name = "environmentFiles: a Nix path reaches oci-containers as its name";
    actual = (containers { environmentFiles = [ (/. + "/run/agenix/web.env") "/etc/web.env" ]; }).app-web.environmentFiles;
    expected = [ "/run/agenix/web.env" "/etc/web.env" ];
  }
  {
    name = "composition volumes as a list of names";
    actual = (evalApp { }).khepri.compositions.app.volumes;
    expected.data = {
      name = null;
      external = false;
      driver = null;
      driverOpts = { };
      labels = { };
    };
  }
  {
    name = "numbers and booleans in the environment become strings";
    actual = (web { environment = { N = 4; F = 1.5; B = true; }; }).environment;
    expected = {
      N = "4";
      F = "1.5";
      B = "true";
    };
  }
  {
    name = "ports: strings, numbers and the long form";
    actual = (containers { ports = [ "80:80" 3000 { target = 53; published = 5353; protocol = "udp"; } ]; }).app-web.ports;
    expected = [ "80:80" "3000" "5353:53/udp" ];
  }
  {
    name = "restart must be a compose restart value";
    throws = (web { restart = "sometimes"; }).restart;
  }
  {
    name = "restart on-failure:N is accepted";
    actual = (web { restart = "on-failure:3"; }).restart;
    expected = "on-failure:3";
  }
  {
    name = "networkMode must be a Docker network mode";
    throws = (web { networkMode = "overlay"; }).networkMode;
  }
  {
    name = "dependsOn condition must be a compose condition";
    throws = (web { dependsOn.db.condition = "service_ready"; }).dependsOn;
  }
  {
    name = "pull must be a pull policy";
    throws = (web { pull = "sometimes"; }).pull;
  }
  {
    name = "an unknown service option is an error";
    throws = (containers { imagee = "nginx"; }).app-web;
  }
  {
    name = "a secret's file is a string, never a Nix path copied to the store";
    throws =
      (evalNixos {
        modules = [
          {
            khepri.compositions.app = {
              secrets.token.file = ./types.nix;
              services.web.image = "nginx";
            };
          }
        ];
      }).khepri.compositions.app.secrets;
  }
  {
    name = "an image is a string or a package";
    throws = (containers { image = 42; }).app-web;
  }
  {
    name = "healthcheck retries is an unsigned integer";
    throws = (web { healthcheck.retries = "three"; }).healthcheck;
  }
]
