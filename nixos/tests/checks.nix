# The NixOS module's flake checks:
#   nix-tests  tests/nix (golden, diagnostics, module cases) in the build sandbox
#   vm-caddy   a NixOS VM running the README's caddy composition (needs KVM)
#
#   checks = forAllSystems (pkgs: import ./nixos/tests/checks.nix { inherit pkgs self; });
{ pkgs, self }:
{
  nix-tests = import ./golden-check.nix { inherit pkgs self; };
  vm-caddy = import ./vm-caddy.nix { inherit pkgs self; };
}
