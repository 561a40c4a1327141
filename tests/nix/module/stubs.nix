# Stand-ins for the NixOS options khepri's module writes, declared with the types NixOS
# 24.05 gives them, so that a value of the wrong type, or an oci-containers option 24.05
# does not have, fails evaluation as it would on a real system. Like NixOS, the
# oci-containers stub defines each container's unit (Restart=always, …), so khepri's unit
# settings must win over it.
#
#   import ./stubs.nix { withImageStream = false; }   # NixOS 24.05
#   import ./stubs.nix { withImageStream = true; }    # NixOS 24.11 and later
{
  withImageStream ? false,
}:
{ config, lib, ... }:
let
  inherit (lib) mkOption types;

  fakePackage = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
  };

  systemdOptions = import ../systemd-options.nix lib;
  inherit (systemdOptions) commonUnitOptions;
  serviceOptions.options = systemdOptions.serviceOptions;

  # virtualisation.oci-containers.containers.<name> in NixOS 24.05 (no imageStream,
  # serviceName, pull, capabilities, devices, privileged, networks: those came later).
  containerOptions = {
    options =
      {
        image = mkOption { type = types.str; };
        imageFile = mkOption {
          type = types.nullOr types.package;
          default = null;
        };
        login = {
          username = mkOption {
            type = types.nullOr types.str;
            default = null;
          };
          passwordFile = mkOption {
            type = types.nullOr types.str;
            default = null;
          };
          registry = mkOption {
            type = types.nullOr types.str;
            default = null;
          };
        };
        cmd = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        labels = mkOption {
          type = types.attrsOf types.str;
          default = { };
        };
        entrypoint = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        environment = mkOption {
          type = types.attrsOf types.str;
          default = { };
        };
        environmentFiles = mkOption {
          type = types.listOf types.path;
          default = [ ];
        };
        log-driver = mkOption {
          type = types.str;
          default = "journald";
        };
        ports = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        user = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        volumes = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        workdir = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        dependsOn = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        hostname = mkOption {
          type = types.nullOr types.str;
          default = null;
        };
        extraOptions = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        autoStart = mkOption {
          type = types.bool;
          default = true;
        };
      }
      // lib.optionalAttrs withImageStream {
        imageStream = mkOption {
          type = types.nullOr types.package;
          default = null;
        };
      };
  };

  oci = config.virtualisation.oci-containers;
in
{
  options = {
    virtualisation.oci-containers = {
      backend = mkOption {
        type = types.enum [
          "podman"
          "docker"
        ];
        # NixOS's default for stateVersion >= 22.05
        default = "podman";
      };
      containers = mkOption {
        type = types.attrsOf (types.submodule containerOptions);
        default = { };
      };
    };
    virtualisation.docker.package = mkOption {
      type = types.package;
      default = fakePackage "docker-24.0.9";
    };
    virtualisation.podman.package = mkOption {
      type = types.package;
      default = fakePackage "podman-5.0.2";
    };
    systemd.services = mkOption {
      type = types.attrsOf (types.submodule serviceOptions);
      default = { };
    };
    systemd.targets = mkOption {
      type = types.attrsOf (types.submodule { options = commonUnitOptions; });
      default = { };
    };
  } // systemdOptions.moduleBasics;

  # What oci-containers itself puts in each container's unit (abridged).
  config.systemd.services = lib.mapAttrs' (
    name: c:
    lib.nameValuePair "${oci.backend}-${name}" {
      wantedBy = lib.optional c.autoStart "multi-user.target";
      after = lib.optionals (oci.backend == "docker") [ "docker.service" "docker.socket" ] ++ map (d: "${oci.backend}-${d}.service") c.dependsOn;
      requires = map (d: "${oci.backend}-${d}.service") c.dependsOn;
      script = "exec ${oci.backend} run --rm --name=${name} ${lib.escapeShellArgs (c.extraOptions ++ [ c.image ] ++ c.cmd)}";
      preStop = "${oci.backend} stop ${name}";
      postStop = "${oci.backend} rm -f ${name} || true";
      serviceConfig =
        {
          TimeoutStartSec = 0;
          TimeoutStopSec = 120;
          Restart = "always";
        }
        // lib.optionalAttrs (oci.backend == "podman") {
          Type = "notify";
          NotifyAccess = "all";
        };
    }
  ) oci.containers;

  # NixOS passes pkgs to every module; the README example asks for it.
  config._module.args.pkgs = { };
}
