{
  description = "khepri: docker-compose-like compositions, natively in NixOS, with a console to see, edit and run them";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: nixpkgs.lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system});
    in
    {
      nixosModules.default = import ./nixos/module.nix;
      nixosModules.khepri = self.nixosModules.default;

      # The translator on its own (pure, builtins only): the console and
      # other tools use it for generated names, units and the manifest.
      lib = import ./nixos/lib;

      packages = forAllSystems (pkgs: {
        default = self.packages.${pkgs.system}.khepri;
        khepri = pkgs.callPackage ./nix/package.nix { };
      });

      apps = forAllSystems (pkgs: {
        default = {
          type = "app";
          program = "${self.packages.${pkgs.system}.khepri}/bin/khepri";
        };
      });

      devShells = forAllSystems (pkgs: {
        default = pkgs.mkShell {
          inputsFrom = [ self.packages.${pkgs.system}.khepri ];
          packages = with pkgs; [
            clang-tools
            ccache
            nix
            docker
            busybox
            gnome-keyring
            libsecret
            tmux
          ];
        };
      });

      checks = forAllSystems (
        pkgs:
        {
          package = self.packages.${pkgs.system}.khepri;
        }
        // import ./nixos/tests/checks.nix { inherit pkgs self; }
      );

      formatter = forAllSystems (pkgs: pkgs.nixfmt-rfc-style);
    };
}
