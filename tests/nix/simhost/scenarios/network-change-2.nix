{ ... }:
{
  imports = [ ./network-change-common.nix ];
  khepri.compositions.simnet.networks.backend = {
    labels.generation = "2";
    internal = true;
  };
}
