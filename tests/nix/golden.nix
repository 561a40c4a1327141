# Evaluates one golden case: the translator's output for `<case>/input.nix`, reduced to
# the parts the case shows. input.nix evaluates to the translator's arguments plus
# `show`, a list of result attributes (default: containers, assertions, warnings).
# Failed assertions are shown as their messages. A case about one of the translator's
# functions gives `check = khepri: value` instead, and shows that value.
{ case }:
let
  khepri = import ../../nixos/lib;
  input = import (/. + case + "/input.nix");
  args = removeAttrs input [ "show" ];
  result = khepri.translate args;
  shown = {
    inherit (result)
      containers
      services
      targets
      warnings
      manifest
      ;
    assertions = map (a: a.message) result.assertions;
  };
  show = input.show or [
    "containers"
    "assertions"
    "warnings"
  ];
in
if input ? check then
  input.check khepri
else
  builtins.listToAttrs (map (name: { inherit name; value = shown.${name}; }) show)
