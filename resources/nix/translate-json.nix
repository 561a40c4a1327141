# Runs the module's translator (lib/, compiled into the console) over
# compositions the console holds, given as a JSON file, and returns what the
# console needs: the manifest (generated names and units), the failed
# assertions' messages and the warnings. Markers for derivation images (see
# sanitize.nix) become derivation-like attrsets, as the translator expects.
{ file, backend ? "docker" }:
let
  unmark = value:
    if builtins.isAttrs value && value ? __khepri then
      (if value.__khepri == "derivation" then {
        type = "derivation";
        name = value.detail;
        imageName = value.imageName or null;
        imageTag = value.imageTag or null;
        outPath = "/nix/store/00000000000000000000000000000000-${value.detail}";
      } else null)
    else if builtins.isAttrs value then builtins.mapAttrs (_: unmark) value
    else if builtins.isList value then map unmark value
    else value;
  result = (import ./lib).translate {
    compositions = unmark (builtins.fromJSON (builtins.readFile file));
    inherit backend;
  };
in
{
  inherit (result) manifest warnings;
  assertions = map (a: a.message) result.assertions;
}
