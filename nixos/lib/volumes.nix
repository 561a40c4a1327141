# Volume units: one oneshot unit per volume a composition creates. The unit creates the
# volume when it is absent and does nothing else: volumes are never removed by khepri, no
# stop action deletes data.
let
  u = import ./util.nix;
  names = import ./names.nix;
  backends = import ./backends.nix;
  inherit (builtins) concatStringsSep map;
in
rec {
  volumeLabels = comp: vol: {
    "com.docker.compose.project" = comp;
    "com.docker.compose.volume" = vol.key;
    "io.khepri.composition" = comp;
    "io.khepri.volume" = vol.key;
  } // vol.labels;

  # Arguments of `<backend> volume create`, the name last.
  volumeCreateArgs =
    comp: vol:
    u.optional (vol.driver != null) "--driver=${vol.driver}"
    ++ map (o: "--opt=${o}") (u.keyValueList vol.driverOpts)
    ++ map (l: "--label=${l}") (u.keyValueList (volumeLabels comp vol))
    ++ [ vol.name ];

  volumeScript =
    command: comp: vol:
    concatStringsSep "\n" [
      "if ! ${command} volume inspect ${u.shellQuote vol.name} >/dev/null 2>&1; then"
      (backends.commandLines "  ${command}" [ "volume" "create" ] (volumeCreateArgs comp vol))
      "fi"
    ];

  volumeUnit =
    { backend, command, ... }:
    comp: vol: {
      name = names.volumeUnitBase backend vol.name;
      value = backends.daemonOrdering backend // {
        description = "khepri volume ${vol.name} (composition ${comp})";
        partOf = [ (names.target comp) ];
        wantedBy = [ (names.target comp) ];
        serviceConfig = {
          Type = "oneshot";
          RemainAfterExit = true;
        };
        script = volumeScript command comp vol;
      };
    };
}
