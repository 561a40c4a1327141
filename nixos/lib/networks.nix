# Network units: one oneshot unit per network a composition creates (NIXOS-MODULE.md,
# "Units"). The unit creates the network with every setting and a label holding a hash of
# those settings; a network found with another hash is removed and created again, so a
# settings change applies. Stopping the unit removes the network.
let
  u = import ./util.nix;
  names = import ./names.nix;
  backends = import ./backends.nix;
  inherit (builtins) concatStringsSep map;
in
rec {
  # Labels every network carries: compose's (so compose-aware tools group it) and khepri's,
  # then the user's.
  networkLabels = comp: net: {
    "com.docker.compose.network" = net.key;
    "com.docker.compose.project" = comp;
    "io.khepri.composition" = comp;
    "io.khepri.network" = net.key;
  } // net.labels;

  # Everything `network create` is told. The hash covers exactly this.
  networkSettings = comp: net: {
    inherit (net)
      driver
      driverOpts
      ipam
      internal
      enableIpv6
      ;
    labels = networkLabels comp net;
  };

  networkHash = comp: net: builtins.hashString "sha256" (builtins.toJSON (networkSettings comp net));

  ipamFlags =
    backend: ipam:
    u.optional (ipam.driver != null) "--ipam-driver=${ipam.driver}"
    ++ u.concatMap (
      c:
      u.optional (c.subnet != null) "--subnet=${c.subnet}"
      ++ u.optional (c.ipRange != null) "--ip-range=${c.ipRange}"
      ++ u.optional (c.gateway != null) "--gateway=${c.gateway}"
      ++ u.optionals (backends.supportsAuxAddress backend) (
        map (a: "--aux-address=${a}") (u.keyValueList c.auxAddresses)
      )
    ) ipam.config
    ++ u.optionals (backends.supportsIpamOptions backend) (
      map (o: "--ipam-opt=${o}") (u.keyValueList ipam.options)
    );

  # Arguments of `<backend> network create`, the name last.
  networkCreateArgs =
    backend: comp: net:
    let
      s = networkSettings comp net;
    in
    u.optional (s.driver != null) "--driver=${s.driver}"
    ++ map (o: "--opt=${o}") (u.keyValueList s.driverOpts)
    ++ ipamFlags backend s.ipam
    ++ u.optional s.internal "--internal"
    ++ u.optional s.enableIpv6 "--ipv6"
    ++ map (l: "--label=${l}") (u.keyValueList s.labels)
    ++ [
      "--label=${names.networkHashLabel}=${networkHash comp net}"
      net.name
    ];

  networkScript =
    command: backend: comp: net:
    let
      name = u.shellQuote net.name;
    in
    concatStringsSep "\n" [
      "want=${networkHash comp net}"
      "if have=$(${command} network inspect --format '{{index .Labels \"${names.networkHashLabel}\"}}' ${name} 2>/dev/null); then"
      "  if [ \"$have\" = \"$want\" ]; then"
      "    exit 0"
      "  fi"
      "  echo \"network ${net.name}: settings changed, creating it again\" >&2"
      "  ${command} network rm ${name}"
      "fi"
      (backends.commandLines command [ "network" "create" ] (networkCreateArgs backend comp net))
    ];

  # systemd.services entry (name without ".service") -> unit, for a non-external network.
  networkUnit =
    { backend, command, ... }:
    comp: net: {
      name = names.networkUnitBase backend net.name;
      value = backends.daemonOrdering backend // {
        description = "khepri network ${net.name} (composition ${comp})";
        partOf = [ (names.target comp) ];
        wantedBy = [ (names.target comp) ];
        # A settings change restarts the unit (not stop + start), so the containers that
        # require it are restarted with it.
        stopIfChanged = false;
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
        };
        script = networkScript command backend comp net;
        preStop = "${command} network rm ${u.shellQuote net.name} || true";
      };
    };
}
