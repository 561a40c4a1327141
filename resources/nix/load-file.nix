# Evaluates a compositions file for the khepri console.
#
# The file is either a plain attrset of compositions or a NixOS module
# ({ ... }: { khepri.compositions = ...; }). The result is plain JSON data:
# values JSON cannot hold faithfully (derivations, functions, paths, mkIf /
# mkForce wrappers) become { __khepri = kind; detail = ...; } markers, so the
# console can mark them instead of silently turning them into strings.
{ file }:
let
  sanitize = import ./sanitize.nix;

  unavailable = name:
    throw "khepri: ${file} uses the module argument '${name}', which exists only inside a NixOS configuration; open it through its flake with --flake REF#HOST";

  moduleArgs = {
    config = unavailable "config";
    options = unavailable "options";
    pkgs = unavailable "pkgs";
    lib = unavailable "lib";
    modulesPath = unavailable "modulesPath";
  };

  imported = import file;

  value =
    if builtins.isFunction imported
    then imported (builtins.intersectAttrs (builtins.functionArgs imported) moduleArgs)
    else imported;

  # A module sets khepri.compositions (possibly under config); a plain file is
  # the compositions attrset itself.
  compositions =
    if builtins.isAttrs value && value ? config && value.config ? khepri
    then value.config.khepri.compositions or { }
    else if builtins.isAttrs value && value ? khepri
    then value.khepri.compositions or { }
    else value;
in
if builtins.isAttrs compositions
then sanitize compositions
else throw "khepri: ${file} does not evaluate to compositions: expected an attribute set of compositions or a module setting khepri.compositions, got a ${builtins.typeOf compositions}"
