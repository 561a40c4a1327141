# NixOS's systemd unit options (nixos/lib/systemd-unit-options.nix, nixos/lib/systemd-lib.nix)
# with their types, and the other NixOS options every module may set (`moduleBasics`), for
# the tests' stand-ins of NixOS: the module tests (module/stubs.nix) and the simulated host
# (simhost/standin.nix).
#
#   let s = import ../systemd-options.nix lib; in s.serviceOptions // { … }
lib:
let
  inherit (lib) mkOption types;
in
rec {
  # Unit names in dependency lists.
  unitName = types.strMatching "[a-zA-Z0-9@%:_.\\-]+[.](service|socket|device|mount|automount|swap|target|path|timer|scope|slice)";
  unitList = mkOption {
    type = types.listOf unitName;
    default = [ ];
  };
  # What a unit file can hold: scalars and lists of scalars; list definitions concatenate,
  # other definitions must agree (NixOS's `unitOption` merge).
  unitScalar = types.oneOf [
    types.bool
    types.int
    types.str
    types.path
    types.package
  ];
  unitOption = types.mkOptionType {
    name = "systemd option";
    check = v: unitScalar.check v || (builtins.isList v && builtins.all unitScalar.check v);
    merge =
      loc: defs:
      if builtins.any (d: builtins.isList d.value) defs then
        lib.concatMap (d: lib.toList d.value) defs
      else
        lib.mergeEqualOption loc defs;
  };
  lines = mkOption {
    type = types.lines;
    default = "";
  };
  boolDefault =
    default:
    mkOption {
      type = types.bool;
      inherit default;
    };

  # Options of every unit (systemd.services, systemd.targets, …).
  commonUnitOptions = {
    enable = boolDefault true;
    description = mkOption {
      type = types.singleLineStr;
      default = "";
    };
    wantedBy = unitList;
    requiredBy = unitList;
    upheldBy = unitList;
    wants = unitList;
    upholds = unitList;
    requires = unitList;
    requisite = unitList;
    after = unitList;
    before = unitList;
    partOf = unitList;
    bindsTo = unitList;
    conflicts = unitList;
    onFailure = unitList;
    onSuccess = unitList;
    unitConfig = mkOption {
      type = types.attrsOf unitOption;
      default = { };
    };
  };

  # systemd.services.<name>
  serviceOptions = commonUnitOptions // {
    serviceConfig = mkOption {
      type = types.attrsOf unitOption;
      default = { };
    };
    environment = mkOption {
      type = types.attrsOf (types.nullOr (types.oneOf [
        types.str
        types.path
        types.package
      ]));
      default = { };
    };
    path = mkOption {
      type = types.listOf (types.oneOf [
        types.package
        types.str
      ]);
      default = [ ];
    };
    script = lines;
    scriptArgs = mkOption {
      type = types.str;
      default = "";
    };
    preStart = lines;
    postStart = lines;
    reload = lines;
    preStop = lines;
    postStop = lines;
    restartIfChanged = boolDefault true;
    reloadIfChanged = boolDefault false;
    stopIfChanged = boolDefault true;
    restartTriggers = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    startAt = mkOption {
      type = types.either types.str (types.listOf types.str);
      default = [ ];
    };
  };

  # environment.etc, assertions and warnings.
  moduleBasics = {
    environment.etc = mkOption {
      type = types.attrsOf (types.submodule {
        options = {
          enable = boolDefault true;
          text = mkOption {
            type = types.nullOr types.lines;
            default = null;
          };
          source = mkOption {
            type = types.nullOr types.path;
            default = null;
          };
          mode = mkOption {
            type = types.str;
            default = "symlink";
          };
        };
      });
      default = { };
    };
    assertions = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    warnings = mkOption {
      type = types.listOf types.str;
      default = [ ];
    };
  };
}
