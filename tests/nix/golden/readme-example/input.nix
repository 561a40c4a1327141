# The README's example, exactly as written there (a NixOS module), translated in
# full with the Docker backend.
{
  compositions =
    (import ../../readme-example.nix {
      config = { };
      pkgs = { };
      lib = { };
    }).khepri.compositions;
  show = [ "containers" "services" "targets" "assertions" "warnings" "manifest" ];
}
