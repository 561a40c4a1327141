# Runs one module test case: evaluates khepri's module with nixpkgs' lib.evalModules over
# stubs of the NixOS options it writes (./stubs.nix), and checks the result.
#
# A case (cases/<name>.nix) is a function of the helpers below returning a list of checks:
#   { name; actual; expected; }   passes when actual == expected
#   { name; throws; }             passes when evaluating `throws` fails (a type error, a
#                                 conflicting definition, …)
# The result is a list of { name; ok; … } with actual and expected values of failures.
{ nixpkgsLib, case }:
let
  lib = import (/. + nixpkgsLib);
  khepri = import ../../../nixos/lib;

  # release: "24.11" or "25.05" (25.05 and later: the newest oci-containers options).
  evalNixos =
    {
      modules,
      release ? "25.05",
      dockerVersion ? "27.5.1",
    }:
    (lib.evalModules {
      modules = [
        (import ./stubs.nix { inherit release dockerVersion; })
        ../../../nixos/module.nix
      ] ++ modules;
    }).config;

  goldenDir = ../golden;
  # The golden cases whose input is compositions (not a check of its own).
  goldenCaseNames = builtins.attrNames (
    lib.filterAttrs (n: t: t == "directory" && !((import (goldenDir + "/${n}/input.nix")) ? check)) (
      builtins.readDir goldenDir
    )
  );

  checks = import (./cases + "/${case}.nix") {
    inherit
      lib
      khepri
      evalNixos
      goldenDir
      goldenCaseNames
      ;
    readme = ../readme-example.nix;
  };

  fails = expr: !(builtins.tryEval (builtins.deepSeq expr true)).success;

  run =
    c:
    if c ? throws then
      {
        inherit (c) name;
        ok = fails c.throws;
      }
      // lib.optionalAttrs (!fails c.throws) { detail = "evaluation succeeded, but it should fail"; }
    else
      let
        ok = c.actual == c.expected;
      in
      {
        inherit (c) name;
        inherit ok;
      }
      // lib.optionalAttrs (!ok) { inherit (c) actual expected; };
in
map run checks
