# A test flake with no inputs standing in for a NixOS configuration: there is
# no nixpkgs on the test machine, so nixosConfigurations.<host> is built by
# hand with the two attributes the console reads from a real one —
# config.khepri.compositions (the merged value) and
# options.khepri.compositions.definitionsWithLocations (which file defines
# what, with files in the store as NixOS reports them).
{
  outputs =
    { self }:
    let
      definition = file: value: {
        file = "${self}/${file}";
        inherit value;
      };
      owned = ./khepri-compositions.nix;
      definitions = [
        (definition "hosts/demo.nix" (import ./hosts/demo.nix { }).khepri.compositions)
      ]
      ++ (
        if builtins.pathExists owned then
          [ (definition "khepri-compositions.nix" (import owned { }).khepri.compositions) ]
        else
          [ ]
      );
    in
    {
      nixosConfigurations.demo = {
        config.khepri.compositions = builtins.foldl' (all: d: all // d.value) { } definitions;
        options.khepri.compositions.definitionsWithLocations = definitions;
      };
      # A host without the khepri module.
      nixosConfigurations.plain = {
        config.networking.hostName = "plain";
        options.networking = { };
      };
    };
}
