# Stand-ins for the NixOS options khepri's module writes, declared with the types a NixOS
# release gives them, so that a value of the wrong type, or an oci-containers option the
# release does not have, fails evaluation as it would on a real system. Like NixOS, the
# oci-containers stub defines each container's unit (Restart=always, …), so khepri's unit
# settings must win over it.
#
#   import ./stubs.nix { release = "24.11"; }   # NixOS 24.11: imageStream, preRunExtraOptions
#   import ./stubs.nix { release = "25.05"; }   # NixOS 25.05 and later: also networks, pull,
#                                               # capabilities, devices, privileged, podman,
#                                               # autoRemoveOnStop, serviceName
#   dockerVersion: virtualisation.docker.package's version (default: the release's Docker)
{
  release ? "25.05",
  dockerVersion ? "27.5.1",
}:
{ config, lib, ... }:
let
  inherit (lib) mkOption types;

  fakePackage = pname: version: {
    type = "derivation";
    name = "${pname}-${version}";
    inherit pname version;
    outPath = "/nix/store/00000000000000000000000000000000-${pname}-${version}";
  };
  since = r: builtins.compareVersions release r >= 0;

  systemdOptions = import ../systemd-options.nix lib;
  inherit (systemdOptions) commonUnitOptions;
  serviceOptions.options = systemdOptions.serviceOptions;

  # virtualisation.oci-containers.containers.<name> as of `release` (nixpkgs'
  # nixos/modules/virtualisation/oci-containers.nix; ../../../../shared/nixos-upstream has
  # the 25.05 one).
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
      // {
        imageStream = mkOption {
          type = types.nullOr types.package;
          default = null;
        };
        preRunExtraOptions = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
      }
      // lib.optionalAttrs (since "25.05") {
        serviceName = mkOption {
          type = types.str;
          default = "";
        };
        podman = mkOption {
          type = types.nullOr (types.submodule {
            options = {
              sdnotify = mkOption {
                type = types.enum [ "conmon" "healthy" "container" ];
                default = "conmon";
              };
              user = mkOption {
                type = types.str;
                default = "root";
              };
            };
          });
          default = null;
        };
        pull = mkOption {
          type = types.enum [ "always" "missing" "never" "newer" ];
          default = "missing";
        };
        capabilities = mkOption {
          type = types.lazyAttrsOf (types.nullOr types.bool);
          default = { };
        };
        devices = mkOption {
          type = types.listOf types.str;
          default = [ ];
        };
        privileged = mkOption {
          type = types.bool;
          default = false;
        };
        autoRemoveOnStop = mkOption {
          type = types.bool;
          default = true;
        };
        networks = mkOption {
          type = types.listOf types.str;
          default = [ ];
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
      default = fakePackage "docker" dockerVersion;
    };
    virtualisation.podman.package = mkOption {
      type = types.package;
      default = fakePackage "podman" "5.2.3";
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
