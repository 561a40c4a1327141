# The rest of NixOS, as far as the khepri module and nixpkgs' real oci-containers.nix need
# it: users, the proxy environment, the Docker package, `pkgs.writeShellApplication`, and
# systemd.services / systemd.targets declared and expanded the way NixOS does
# (nixos/lib/systemd-unit-options.nix, nixos/lib/systemd-lib.nix: `script` becomes
# ExecStart, `preStart` ExecStartPre, …, each a bash script with `set -e`).
#
# There is no nixpkgs and no builder here, so a "package" is an attribute set whose outPath
# is a directory the simulated host's installer fills: a script's text goes to the Nix
# store with builtins.toFile, and its package is `<stateDir>/pkgs/<that store name>`, whose
# bin/<name> the installer (install.py) copies from the store and makes executable.
#
#   import ./standin.nix { stateDir; dockerBin; dockerVersion; }
{
  stateDir,
  # The directory holding the machine's `docker` client as bin/docker.
  dockerPackageDir,
  dockerVersion,
}:
{
  config,
  lib,
  ...
}:
let
  inherit (lib) mkOption types;

  # A package whose bin/<name> is an executable with `text`.
  scriptPackage =
    name: text:
    let
      stored = builtins.unsafeDiscardStringContext (baseNameOf (builtins.toFile name text));
    in
    {
      type = "derivation";
      inherit name;
      outPath = "${stateDir}/pkgs/${stored}";
    };

  makeBinPath = ps: lib.concatMapStringsSep ":" (p: "${p}/bin") ps;

  pkgs = {
    # nixpkgs' writeShellApplication, without the shellcheck run.
    writeShellApplication =
      {
        name,
        text,
        runtimeInputs ? [ ],
        ...
      }:
      scriptPackage name ''
        #!/bin/bash
        set -o errexit
        set -o nounset
        set -o pipefail
        ${lib.optionalString (runtimeInputs != [ ]) ''export PATH="${makeBinPath runtimeInputs}:$PATH"''}
        ${text}
      '';
    writeShellScriptBin =
      name: text:
      scriptPackage name ''
        #!/bin/bash
        ${text}
      '';
  };

  # systemd-lib.nix's makeJobScript.
  makeJobScript =
    name: text:
    let
      scriptName = builtins.replaceStrings [ "\\" "@" ] [ "-" "_" ] name;
    in
    "${pkgs.writeShellScriptBin scriptName ''
      set -e
      ${text}
    ''}/bin/${scriptName}";

  systemdOptions = import ../systemd-options.nix lib;
  inherit (systemdOptions) boolDefault commonUnitOptions;

  # systemd-unit-options.nix's `unitConfig` from the dependency lists.
  dependencyConfig =
    config:
    lib.mapAttrs (_: lib.mkDefault) (
      lib.filterAttrs (_: v: v != "") {
        Description = config.description;
        Requires = toString config.requires;
        Requisite = toString config.requisite;
        Wants = toString config.wants;
        Upholds = toString config.upholds;
        After = toString config.after;
        Before = toString config.before;
        BindsTo = toString config.bindsTo;
        PartOf = toString config.partOf;
        Conflicts = toString config.conflicts;
        OnFailure = toString config.onFailure;
        OnSuccess = toString config.onSuccess;
      }
    );

  serviceModule =
    { name, config, ... }:
    {
      options = systemdOptions.serviceOptions;
      # nixos/modules/system/boot/systemd.nix: the scripts as Exec* commands.
      config = lib.mkMerge [
        { unitConfig = dependencyConfig config; }
        (lib.mkIf (config.preStart != "") {
          serviceConfig.ExecStartPre = [ (makeJobScript "${name}-pre-start" config.preStart) ];
        })
        (lib.mkIf (config.script != "") {
          serviceConfig.ExecStart = makeJobScript "${name}-start" config.script + " " + config.scriptArgs;
        })
        (lib.mkIf (config.postStart != "") {
          serviceConfig.ExecStartPost = [ (makeJobScript "${name}-post-start" config.postStart) ];
        })
        (lib.mkIf (config.reload != "") {
          serviceConfig.ExecReload = makeJobScript "${name}-reload" config.reload;
        })
        (lib.mkIf (config.preStop != "") {
          serviceConfig.ExecStop = makeJobScript "${name}-pre-stop" config.preStop;
        })
        (lib.mkIf (config.postStop != "") {
          serviceConfig.ExecStopPost = makeJobScript "${name}-post-stop" config.postStop;
        })
      ];
    };

  targetModule =
    { config, ... }:
    {
      options = commonUnitOptions;
      config.unitConfig = dependencyConfig config;
    };
in
{
  options = {
    system.stateVersion = mkOption {
      type = types.str;
      default = "25.05";
    };
    users.users = mkOption {
      type = types.attrsOf (types.submodule {
        options = {
          uid = mkOption {
            type = types.nullOr types.int;
            default = null;
          };
          home = mkOption {
            type = types.str;
            default = "/var/empty";
          };
          linger = boolDefault false;
        };
      });
      default = { };
    };
    networking.proxy.envVars = mkOption {
      type = types.attrsOf types.str;
      default = { };
    };
    virtualisation.docker = {
      enable = boolDefault false;
      package = mkOption {
        type = types.package;
        default = {
          type = "derivation";
          name = "docker-${dockerVersion}";
          version = dockerVersion;
          outPath = dockerPackageDir;
        };
      };
    };
    virtualisation.podman = {
      enable = boolDefault false;
      package = mkOption {
        type = types.package;
        default = {
          type = "derivation";
          name = "podman";
          version = "4.3.1";
          outPath = "/usr";
        };
      };
    };
    # The simulated host has no journald: containers log to Docker's json-file instead of
    # oci-containers' default (a user's own log-driver still wins).
    virtualisation.oci-containers.containers = mkOption {
      type = types.attrsOf (types.submodule {
        config.log-driver = lib.mkOverride 1400 "json-file";
      });
    };
    systemd.services = mkOption {
      type = types.attrsOf (types.submodule serviceModule);
      default = { };
    };
    systemd.targets = mkOption {
      type = types.attrsOf (types.submodule targetModule);
      default = { };
    };
  } // systemdOptions.moduleBasics;

  config = {
    users.users.root = {
      uid = 0;
      home = "/root";
    };
    virtualisation.oci-containers.backend = lib.mkDefault "docker";
    _module.args.pkgs = pkgs;
  };
}
