# The network unit labels the network with a hash of its settings and creates it again
# when the label differs: the hash must change with every setting, and only with them.
{
  check =
    khepri:
    let
      hash = settings: khepri.networks.networkHash "app" (khepri.normalize.network "app" "back" settings);
      base = hash { };
      changes = {
        driver = { driver = "macvlan"; };
        driverOpts = { driverOpts.mtu = "1400"; };
        ipamSubnet = { ipam.config = [ { subnet = "172.28.0.0/16"; } ]; };
        ipamDriver = { ipam.driver = "other"; };
        internal = { internal = true; };
        enableIpv6 = { enableIpv6 = true; };
        labels = { labels.x = "y"; };
      };
    in
    {
      inherit base;
      # the same settings, written sparse or with every default spelled out
      sameWhenDefaulted =
        base == hash {
          name = null;
          external = false;
          driver = null;
          driverOpts = { };
          ipam = { driver = null; config = [ ]; options = { }; };
          internal = false;
          enableIpv6 = false;
          labels = { };
        };
      # the Docker name is not a setting: renaming creates another network anyway
      sameWhenRenamed = base == hash { name = "other"; };
      changedBy = builtins.mapAttrs (_: settings: hash settings != base) changes;
    };
}
