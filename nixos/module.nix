# The khepri NixOS module: `khepri.compositions` — docker-compose-like compositions
# declared in the NixOS configuration — as oci-containers containers, systemd units and a
# manifest the khepri console reads. This file only declares options and hands them to the
# translator in ./lib (pure, builtins only), which does all the work.
{
  config,
  lib,
  options,
  ...
}:
let
  inherit (lib)
    literalExpression
    mkOption
    types
    ;

  cfg = config.khepri;
  khepriLib = import ./lib;
  util = import ./lib/util.nix;
  inherit (util) toStr;

  # ---- submodules, evaluated cheaply ------------------------------------------------------
  # `types.submodule module`, with the same options, documentation, checks and error
  # messages, but a faster merge for the common case: a single definition that is a plain
  # attribute set of declared options (no mkIf/mkMerge around it as a whole). Evaluating a
  # submodule instance runs the whole module system over every option of `module`, and the
  # translator reads them all: 600 services cost ~4 million function calls. Here each
  # defined option is merged on its own with the module system's `mergeDefinitions` (the
  # same type checks, coercions, mkIf/mkOverride/mkDefault handling and messages, at the
  # same option path), and every option left undefined takes its value from one evaluation
  # of the submodule without definitions, shared by all instances. Anything else (several
  # definitions, an unknown option, a function or mkIf around the whole value) and every
  # required option left undefined go to the real submodule, evaluated lazily only then, so
  # its errors are the module system's own. `module` must not use its arguments (`name`,
  # `config`): the defaults are shared.
  lazySubmodule = module: lazier (types.submodule module);
  lazier =
    real:
    let
      options = removeAttrs (real.getSubOptions [ ]) [ "_module" ];
      defaults = realMerge [ "‹name›" ] [ ];
      realMerge = loc: defs: if real.merge ? v2 then (real.merge.v2 { inherit loc defs; }).value else real.merge loc defs;

      # Only names, never values, decide which path a definition takes (forcing a value
      # here could recurse through a definition that reads the submodule's own config).
      declared = opts: value: builtins.all (n: opts ? ${n}) (builtins.attrNames value);
      isOption = opt: opt._type or null == "option";

      # Per level of the option tree (computed once): the options, the groups of options
      # below it (`logging`, `login`), and the names an instance that leaves them undefined
      # must take from the real submodule (options without a default, and groups holding
      # one), so that the error names the instance.
      plan = opts: {
        inherit opts;
        groups = builtins.mapAttrs (_: plan) (lib.filterAttrs (_: o: !isOption o) opts);
        required = builtins.filter (
          n: if isOption opts.${n} then !(opts.${n} ? default) else (plan opts.${n}).required != [ ]
        ) (builtins.attrNames opts);
      };
      topPlan = plan options;

      fill =
        loc: file: p: defaultValues: slow: value:
        let
          missing = builtins.filter (n: !(value ? ${n})) p.required;
        in
        defaultValues
        // (if missing == [ ] then { } else lib.genAttrs missing (n: slow.${n}))
        // builtins.mapAttrs (
          n: v:
          let
            opt = p.opts.${n};
            r = lib.modules.mergeDefinitions (loc ++ [ n ]) opt.type [ { inherit file; value = v; } ];
          in
          if isOption opt then
            if r.isDefined then (opt.apply or (x: x)) r.mergedValue else defaultValues.${n}
          # A group of options (`logging`, `login`): the same, one level down.
          else if builtins.isAttrs v && !(v ? _type) && declared opt v then
            fill (loc ++ [ n ]) file p.groups.${n} defaultValues.${n} slow.${n} v
          else
            slow.${n}
        ) value;

      fast =
        loc: defs:
        let
          def = builtins.head defs;
        in
        builtins.length defs == 1
        && builtins.isAttrs def.value
        && !(def.value ? _type)
        && declared options def.value;

      merged = loc: defs: if fast loc defs then fill loc (builtins.head defs).file topPlan defaults (realMerge loc defs) (builtins.head defs).value else realMerge loc defs;
    in
    real
    // {
      # The module system rebuilds a submodule type around the declaring file's modules.
      substSubModules = m: lazier (real.substSubModules m);
      merge =
        if real.merge ? v2 then
          {
            __functor = self: loc: defs: (self.v2 { inherit loc defs; }).value;
            v2 =
              { loc, defs }:
              if fast loc defs then
                {
                  headError = null;
                  value = merged loc defs;
                  valueMeta = { };
                }
              else
                real.merge.v2 { inherit loc defs; };
          }
        else
          merged;
    };

  # ---- types shared by several options ----------------------------------------------------
  # Compose accepts numbers and booleans where Docker takes strings.
  scalarStr = types.coercedTo (types.oneOf [
    types.int
    types.float
    types.bool
  ]) toStr types.str;

  # `[ "KEY=value" ]` or `{ KEY = "value"; }` (labels, sysctls); the translator's own
  # coercions, so the module and a plain attrset give the same result.
  keyValue = types.coercedTo (types.listOf types.str) util.keyValueAttrs (types.attrsOf scalarStr);
  # Environment lists drop a bare `KEY` (compose would read it from its shell).
  environmentType = types.coercedTo (types.listOf types.str) util.environmentAttrs (
    types.attrsOf scalarStr
  );

  stringList = types.coercedTo types.str lib.singleton (types.listOf types.str);
  # A string is split into words by the translator, as compose splits it (quotes,
  # backslashes); one it cannot split is an assertion with the reason, not a type error.
  commandList = types.either types.str (types.listOf types.str);
  names = types.listOf types.str;
  namesTo = value: types.coercedTo names (l: lib.genAttrs l (_: value));

  nullOption =
    type: description: example:
    mkOption {
      type = types.nullOr type;
      default = null;
      inherit description;
    }
    // lib.optionalAttrs (example != null) { inherit example; };

  listOption =
    type: description: example:
    mkOption {
      inherit type description example;
      default = [ ];
    };

  boolOption =
    default: description:
    mkOption {
      type = types.bool;
      inherit default description;
    };

  # ---- a service ---------------------------------------------------------------------------------
  serviceNetworkOptions = {
    options = {
      aliases = listOption names "More names the service answers to on this network (besides its service name)." [
        "db-primary"
      ];
      ipv4Address = nullOption types.str "Static IPv4 address on this network (needs a subnet in the network's `ipam`)." "172.28.0.10";
      ipv6Address = nullOption types.str "Static IPv6 address on this network." "2001:db8::10";
    };
  };

  dependencyOptions = {
    options.condition = mkOption {
      type = types.enum khepriLib.dependencies.conditions;
      default = "service_started";
      description = ''
        When the dependent service may start:
        `service_started` — once the dependency's unit is active;
        `service_healthy` — once the dependency's container reports healthy (the dependency
        needs a `healthcheck`);
        `service_completed_successfully` — once the dependency ran to completion with exit
        status 0 (the dependency then runs as a oneshot).
      '';
    };
  };

  longVolumeOptions = {
    options = {
      type = mkOption {
        type = types.enum [
          "volume"
          "bind"
          "tmpfs"
        ];
        default = "volume";
        description = "Mount type.";
      };
      source = nullOption types.str "A volume of the composition (type `volume`) or an absolute host path (type `bind`)." "data";
      target = mkOption {
        type = types.str;
        description = "Path inside the container.";
        example = "/var/lib/app";
      };
      readOnly = boolOption false "Mount read-only.";
    };
  };

  longPortOptions = {
    options = {
      target = mkOption {
        type = types.either types.port types.str;
        description = "Container port (or range).";
        example = 80;
      };
      published = nullOption (types.either types.port types.str) "Host port (or range); null lets Docker choose." 8080;
      hostIp = nullOption types.str "Host address to publish on (default: all)." "127.0.0.1";
      protocol = mkOption {
        type = types.enum [
          "tcp"
          "udp"
          "sctp"
        ];
        default = "tcp";
        description = "Protocol.";
      };
    };
  };

  healthcheckOptions = {
    options = {
      test = nullOption (types.either types.str (types.listOf types.str)) ''
        The check: `[ "CMD" "prog" "arg" ]`, `[ "CMD-SHELL" "command" ]`, a shell command
        string, or `[ "NONE" ]` to disable the image's healthcheck.
      '' [ "CMD-SHELL" "pg_isready -U postgres" ];
      interval = nullOption types.str "Time between checks (default 30s)." "10s";
      timeout = nullOption types.str "Time a check may take (default 30s)." "5s";
      retries = nullOption types.ints.unsigned "Consecutive failures before unhealthy (default 3)." 5;
      startPeriod = nullOption types.str "Time to start during which failures do not count (default 0s)." "30s";
      startInterval = nullOption types.str "Time between checks during the start period (Docker >= 25; ignored by podman)." "2s";
      disable = boolOption false "Disable the image's healthcheck.";
    };
  };

  gpuOptions = {
    options = {
      driver = nullOption types.str "Device driver." "nvidia";
      count = nullOption (types.either types.ints.positive (types.enum [ "all" ])) "How many devices, or `all`." 1;
      deviceIds = listOption names "Which devices, by the host's ids." [ "0" ];
      capabilities = listOption names "Capabilities the devices must have." [ "gpu" ];
      options = mkOption {
        type = types.attrsOf types.str;
        default = { };
        description = "Driver-specific options.";
      };
    };
  };

  deployOptions = {
    options = {
      resources = {
        limits = {
          cpus = nullOption (types.oneOf [
            types.str
            types.int
            types.float
          ]) "CPU limit, in CPUs (`--cpus`)." "0.5";
          memory = nullOption types.str "Memory limit (`--memory`)." "512m";
          pids = nullOption types.ints.positive "Process limit (`--pids-limit`)." 200;
        };
        reservations = {
          cpus = nullOption (types.oneOf [
            types.str
            types.int
            types.float
          ]) "CPU reservation. Accepted but ignored, as compose does outside swarm: docker run has no such flag." null;
          memory = nullOption types.str "Memory reservation (`--memory-reservation`)." "256m";
          devices = listOption (types.listOf (lazySubmodule gpuOptions)) ''
            GPUs to reserve. NVIDIA GPUs (`driver = "nvidia"` or no driver) are passed as CDI
            devices, as NixOS provides them with `hardware.nvidia-container-toolkit.enable`:
            no `count` or `count = "all"` gives every GPU (`nvidia.com/gpu=all`, compose's
            meaning), `count = N` the GPUs 0 … N-1, `deviceIds` those GPUs
            (`nvidia.com/gpu=<id>`, an index or a UUID). CDI devices carry every driver
            capability, so `capabilities` needs no more than `[ "gpu" ]`, and `options` are
            ignored (with a warning). Another driver is passed as `--gpus`.
          '' [
            {
              driver = "nvidia";
              count = 1;
              capabilities = [ "gpu" ];
            }
          ];
        };
      };
      restartPolicy = nullOption (lazySubmodule {
        options = {
          condition = mkOption {
            type = types.enum khepriLib.restart.restartPolicyConditions;
            default = "any";
            description = "When to restart: `none`, `on-failure` or `any`.";
          };
          delay = nullOption types.str "Time between restarts (systemd `RestartSec`)." "5s";
          maxAttempts = nullOption types.ints.positive "Restarts allowed before giving up (systemd `StartLimitBurst` = maxAttempts + 1); null: no limit." 3;
          window = nullOption types.str "Time window `maxAttempts` is counted in (systemd `StartLimitIntervalSec`); null: ever since the unit last failed for good." "2min";
        };
      }) "How systemd restarts the container; takes precedence over `restart`." null;
    };
  };

  serviceOptions = {
      options = {
        image = mkOption {
          type = types.either types.str types.package;
          description = ''
            The image: a reference (`docker.io/library/redis:7`) or an image built with
            `dockerTools.pullImage`, `buildImage` or `buildLayeredImage` (loaded from the Nix
            store; its name and tag are taken from the derivation), or
            `streamLayeredImage` (where oci-containers has `imageStream`).
          '';
          example = literalExpression ''"docker.io/library/redis:7"'';
        };
        containerName = nullOption types.str "Container name; default `<composition>-<service>`." "paperless_web";
        environment = mkOption {
          type = environmentType;
          default = { };
          description = ''
            Environment variables. Values land in the world-readable Nix store: put secrets in
            `environmentFiles` or `secrets`.
          '';
          example = {
            TZ = "Europe/Berlin";
          };
        };
        environmentFiles = listOption (types.listOf types.path) ''
          Files of `KEY=value` lines read at start (compose `env_file`): absolute paths as
          strings (kept out of the Nix store), Nix paths or derivations.
        '' [
          "/run/agenix/app.env"
        ];
        volumes = listOption (types.listOf (types.either types.str (lazySubmodule longVolumeOptions))) ''
          Mounts, as compose's short strings: `VOLUME:/path[:MODE]` (a volume of the
          composition), `/host/path:/path[:MODE]` (a bind mount; modes `ro`, `rw`, `z`, `Z`…),
          `/path` (anonymous volume); or the long form `{ type; source; target; readOnly; }`.
        '' [
          "data:/var/lib/app:rw"
          "/etc/app/config.yml:/config.yml:ro"
        ];
        tmpfs = listOption stringList "tmpfs mounts (`/run`, `/tmp:size=64m`)." [ "/run" ];
        labels = mkOption {
          type = keyValue;
          default = { };
          description = "Container labels. khepri adds compose's and its own labels, which these cannot override.";
          example = {
            "traefik.enable" = "true";
          };
        };
        ports = listOption (types.listOf (types.oneOf [
          types.str
          types.port
          (lazySubmodule longPortOptions)
        ])) "Published ports: `[IP:]HOST:CONTAINER[/PROTOCOL]`, a container port, or the long form." [
          "8000:8000/tcp"
          "127.0.0.1:5432:5432"
        ];
        expose = listOption (types.listOf (types.either types.str types.port)) "Ports the service listens on. Informational only: containers on the same network reach every port." [
          "9000"
        ];
        dns = listOption stringList "DNS servers." [ "9.9.9.9" ];
        dnsSearch = listOption stringList "DNS search domains." [ "example.org" ];
        dnsOpt = listOption stringList "DNS resolver options." [ "use-vc" ];
        capAdd = listOption names "Capabilities to add." [ "NET_ADMIN" ];
        capDrop = listOption names "Capabilities to drop." [ "ALL" ];
        logging = {
          driver = nullOption types.str "Log driver; default oci-containers' `journald`." "json-file";
          options = mkOption {
            type = types.attrsOf types.str;
            default = { };
            description = "Log driver options (`--log-opt`).";
            example = {
              max-size = "10m";
            };
          };
        };
        dependsOn = mkOption {
          type = namesTo { } (types.attrsOf (lazySubmodule dependencyOptions));
          default = { };
          description = ''
            Services of the composition this one starts after: a list of names
            (condition `service_started`), or an attribute set with conditions.
          '';
          example = literalExpression ''
            {
              db.condition = "service_healthy";
              migrate.condition = "service_completed_successfully";
            }
          '';
        };
        restart = nullOption (types.strMatching "no|always|unless-stopped|on-failure(:[0-9]+)?") ''
          Restart policy, applied by systemd (Docker's own `--restart` is not used): `no`,
          `always`, `unless-stopped` (both: restart whenever the container stops, with a
          back-off from 100 ms to 1 min and no start limit), `on-failure` or `on-failure:N`
          (at most N retries).

          Null means `unless-stopped`, not compose's `no`: a container declared in the
          NixOS configuration is kept running like any other system service, as
          virtualisation.oci-containers does for its own containers (Restart=always), and
          the services of a typical compose file say `restart: unless-stopped` anyway. A
          helper that should run once is a `service_completed_successfully` dependency
          (run as a oneshot, never restarted after success) or says `restart = "no"`.
        '' "on-failure:5";
        deploy = mkOption {
          type = lazySubmodule deployOptions;
          default = { };
          description = "Resources and restart policy (compose `deploy`).";
        };
        devices = listOption names "Host devices (`/dev/dri:/dev/dri`)." [ "/dev/dri:/dev/dri" ];
        networks = mkOption {
          type = namesTo { } (types.attrsOf (lazySubmodule serviceNetworkOptions));
          default = { };
          description = ''
            Networks of the composition the service joins: a list of names, or an attribute
            set with aliases and static addresses. None: the composition's `default` network.
          '';
          example = literalExpression ''[ "backend" "proxy_net" ]'';
        };
        networkMode = nullOption (types.strMatching "host|none|bridge|service:.+|container:.+") ''
          Network mode instead of networks: `host`, `none`, `bridge`, `service:NAME` (share a
          service's network stack) or `container:NAME`.
        '' "host";
        privileged = boolOption false "Run privileged.";
        extraHosts = mkOption {
          type = types.coercedTo (types.attrsOf types.str) (lib.mapAttrsToList (h: ip: "${h}:${ip}")) (
            types.listOf types.str
          );
          default = [ ];
          description = "Extra /etc/hosts entries: `[ \"host:ip\" ]` or `{ host = \"ip\"; }`.";
          example = {
            "host.docker.internal" = "host-gateway";
          };
        };
        sysctls = mkOption {
          type = keyValue;
          default = { };
          description = "Namespaced kernel parameters.";
          example = {
            "net.ipv4.ip_forward" = "1";
          };
        };
        shmSize = nullOption types.str "Size of /dev/shm." "256m";
        runtime = nullOption types.str "OCI runtime." "runsc";
        securityOpt = listOption names "Security options." [ "no-new-privileges:true" ];
        cmd = listOption commandList "Command (compose `command`); a string is split into words as compose (and a shell) splits it: quotes group words, backslashes escape." [
          "redis-server"
          "--appendonly"
          "yes"
        ];
        entrypoint = nullOption commandList "Entrypoint, a list or a string split like `cmd`; the first word is the executable, the rest go before `cmd`." [
          "/docker-entrypoint.sh"
        ];
        healthcheck = nullOption (lazySubmodule healthcheckOptions) "Healthcheck." (literalExpression ''
          {
            test = [ "CMD-SHELL" "pg_isready -U postgres" ];
            interval = "10s";
            retries = 5;
          }
        '');
        hostname = nullOption types.str "Container host name." "db";
        macAddress = nullOption types.str "MAC address." "02:42:ac:11:00:02";
        user = nullOption types.str "User (and group) the process runs as." "1000:1000";
        workingDir = nullOption types.str "Working directory." "/app";
        ulimits = mkOption {
          type = types.attrsOf (
            types.coercedTo types.int (n: {
              soft = n;
              hard = n;
            }) (lazySubmodule {
              options = {
                soft = mkOption {
                  type = types.int;
                  description = "Soft limit.";
                };
                hard = mkOption {
                  type = types.int;
                  description = "Hard limit.";
                };
              };
            })
          );
          default = { };
          description = "Resource limits: a number, or `{ soft; hard; }`.";
          example = literalExpression ''
            {
              nproc = 65535;
              nofile = { soft = 20000; hard = 40000; };
            }
          '';
        };
        stopSignal = nullOption types.str "Signal that stops the container." "SIGINT";
        stopGracePeriod = nullOption types.str "Time to stop before SIGKILL." "1m30s";
        init = boolOption false "Run an init process (`--init`).";
        groupAdd = listOption (types.listOf (types.either types.str types.int)) "Supplementary groups." [ "video" ];
        readOnly = boolOption false "Read-only root file system.";
        secrets = listOption (types.listOf (
          types.coercedTo types.str (s: { source = s; }) (lazySubmodule {
            options = {
              source = mkOption {
                type = types.str;
                description = "A secret of the composition.";
              };
              target = nullOption types.str "Path in the container; relative to /run/secrets (default: the secret's name)." "db_password";
            };
          })
        )) "Secrets of the composition mounted read-only under /run/secrets." [ "db_password" ];
        autoStart = boolOption true "Start the container with its composition (and at boot).";
        pull = nullOption (types.enum [
          "always"
          "missing"
          "never"
          "newer"
        ]) "Image pull policy (`--pull`); `newer` only with the podman backend (docker has no such policy). Null: oci-containers' default (`missing`)." "always";
        login = {
          username = nullOption types.str "Registry user name." "alice";
          passwordFile = nullOption types.str "File holding the registry password." "/run/agenix/registry";
          registry = nullOption types.str "Registry to log in to. oci-containers logs in only when all three of username, passwordFile and registry are set (an assertion says so otherwise)." "ghcr.io";
        };
        extraOptions = listOption names "Raw `docker run` / `podman run` flags, added last: the escape hatch." [
          "--memory-swappiness=0"
        ];
      };
    };

  # ---- networks, volumes, secrets of a composition --------------------------------------------------
  networkOptions = {
    options = {
      name = nullOption types.str "Docker network name; default `<composition>_<key>` (external: `<key>`)." "proxy_net";
      external = boolOption false "The network exists outside this composition; khepri neither creates nor removes it.";
      driver = nullOption types.str "Network driver." "bridge";
      driverOpts = mkOption {
        type = types.attrsOf scalarStr;
        default = { };
        description = "Driver options.";
        example = {
          "com.docker.network.bridge.name" = "br-app";
        };
      };
      ipam = {
        driver = nullOption types.str "IPAM driver." "default";
        config = listOption (types.listOf (lazySubmodule {
          options = {
            subnet = nullOption types.str "Subnet." "172.28.0.0/16";
            ipRange = nullOption types.str "Range addresses are allocated from." "172.28.5.0/24";
            gateway = nullOption types.str "Gateway." "172.28.5.254";
            auxAddresses = mkOption {
              type = types.attrsOf types.str;
              default = { };
              description = "Addresses the driver must not hand out.";
              example = {
                host1 = "172.28.1.5";
              };
            };
          };
        })) "Address pools." [ { subnet = "172.28.0.0/16"; } ];
        options = mkOption {
          type = types.attrsOf types.str;
          default = { };
          description = "IPAM driver options.";
        };
      };
      internal = boolOption false "No outside connectivity.";
      enableIpv6 = boolOption false "Enable IPv6.";
      labels = mkOption {
        type = keyValue;
        default = { };
        description = "Network labels.";
      };
    };
  };

  volumeOptions = {
    options = {
      name = nullOption types.str "Docker volume name; default `<composition>_<key>` (external: `<key>`)." "shared_data";
      external = boolOption false "The volume exists outside this composition; khepri does not create it.";
      driver = nullOption types.str "Volume driver." "local";
      driverOpts = mkOption {
        type = types.attrsOf scalarStr;
        default = { };
        description = "Driver options.";
        example = {
          type = "nfs";
          o = "addr=10.0.0.1,rw";
          device = ":/export";
        };
      };
      labels = mkOption {
        type = keyValue;
        default = { };
        description = "Volume labels.";
      };
    };
  };

  compositionOptions = {
    options = {
      services = mkOption {
        type = types.attrsOf (lazySubmodule serviceOptions);
        default = { };
        description = "The composition's services, one container each.";
      };
      networks = mkOption {
        type = namesTo { } (types.attrsOf (lazySubmodule networkOptions));
        default = { };
        description = "Networks of the composition (a list of names, or settings by name).";
        example = literalExpression ''
          {
            backend = { internal = true; };
            proxy_net = { external = true; };
          }
        '';
      };
      volumes = mkOption {
        type = namesTo { } (types.attrsOf (lazySubmodule volumeOptions));
        default = { };
        description = "Volumes of the composition (a list of names, or settings by name). khepri never removes a volume.";
        example = [
          "data"
          "pgdata"
        ];
      };
      secrets = mkOption {
        type = types.attrsOf (lazySubmodule {
          options.file = mkOption {
            type = types.str;
            description = "Path of the secret on the host (a string, so it never lands in the Nix store).";
            example = "/run/agenix/db-password";
          };
        });
        default = { };
        description = "File secrets, mounted by services that list them.";
        example = literalExpression ''{ db_password.file = "/run/agenix/db-password"; }'';
      };
    };
  };

  # ---- feeding the translator -------------------------------------------------------------------------
  # The container options of this release's oci-containers: the translator uses the native
  # ones 25.05 added (networks, pull, capabilities, devices, privileged, autoRemoveOnStop)
  # where they exist, and `docker run` / `podman run` flags where they do not.
  ociContainerOptions = options.virtualisation.oci-containers.containers.type.getSubOptions [ ];

  dockerPackage = config.virtualisation.docker.package;
  dockerVersion =
    let
      v = dockerPackage.version or (builtins.parseDrvName (dockerPackage.name or "")).version;
    in
    if cfg.backend == "docker" && v != "" then v else null;

  translated = khepriLib.translate {
    inherit (cfg) compositions backend;
    inherit dockerVersion;
    backendCommand = "${config.virtualisation.${cfg.backend}.package}/bin/${cfg.backend}";
    hasImageStream = ociContainerOptions ? imageStream;
    ociOptions = builtins.attrNames ociContainerOptions;
  };

  # oci-containers defines the container units; khepri's settings (Restart, Type, …) take
  # precedence over its defaults, and a user's lib.mkForce over both.
  containerUnits = lib.mapAttrs' (n: _: lib.nameValuePair "${cfg.backend}-${n}" true) translated.containers;
  overrideScalars = lib.mapAttrs (_: lib.mkOverride 90);
  asContainerUnit =
    unit:
    unit
    // lib.optionalAttrs (unit ? serviceConfig) { serviceConfig = overrideScalars unit.serviceConfig; }
    // lib.optionalAttrs (unit ? unitConfig) { unitConfig = overrideScalars unit.unitConfig; };
in
{
  options.khepri = {
    compositions = mkOption {
      type = types.attrsOf (lazySubmodule compositionOptions);
      default = { };
      description = ''
        Compositions: docker-compose-like groups of services, networks and volumes. Each
        becomes containers (virtualisation.oci-containers), a unit per network and volume, and
        the target `khepri-<composition>.target`. Option names are compose's keys in
        camelCase.
      '';
      example = literalExpression ''
        {
          caddy = {
            networks.proxy_net = { external = true; };
            volumes = [ "caddy_data" ];
            services.caddy = {
              image = "caddy:alpine";
              networks = [ "proxy_net" ];
              volumes = [ "caddy_data:/data:rw" ];
              ports = [ "80:80/tcp" "443:443/tcp" ];
            };
          };
        }
      '';
    };

    backend = mkOption {
      type = types.enum khepriLib.backends.backends;
      default = config.virtualisation.oci-containers.backend;
      defaultText = literalExpression "config.virtualisation.oci-containers.backend";
      description = ''
        Container engine. Setting it also sets `virtualisation.oci-containers.backend`; the two
        must agree.
      '';
      example = "docker";
    };

    manifest = mkOption {
      type = types.attrs;
      readOnly = true;
      description = ''
        What khepri deploys: names, units, images and dependencies of every composition, as
        the khepri console reads them (also in /etc/khepri/manifest.json).
      '';
    };
  };

  config = lib.mkMerge [
    {
      khepri.manifest = translated.manifest;
      environment.etc."khepri/manifest.json".text = builtins.toJSON config.khepri.manifest;
    }
    (lib.mkIf (cfg.compositions != { }) {
      virtualisation.oci-containers.backend = lib.mkIf (options.khepri.backend.highestPrio < 1500) cfg.backend;
      virtualisation.oci-containers.containers = translated.containers;
      systemd.services = lib.mapAttrs (
        n: unit: if containerUnits ? ${n} then asContainerUnit unit else unit
      ) translated.services;
      systemd.targets = translated.targets;
      assertions = translated.assertions ++ [
        {
          assertion = cfg.backend == config.virtualisation.oci-containers.backend;
          message = "khepri.backend is \"${cfg.backend}\" but virtualisation.oci-containers.backend is \"${config.virtualisation.oci-containers.backend}\"; set only one of them";
        }
      ];
      inherit (translated) warnings;
    })
  ];
}
