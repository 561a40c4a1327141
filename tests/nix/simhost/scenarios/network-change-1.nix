# A composition with a network and a volume; network-change-2.nix changes the network's
# settings (a label and `internal`).
{ ... }:
{
  imports = [ ./network-change-common.nix ];
  khepri.compositions.simnet.networks.backend.labels.generation = "1";
}
