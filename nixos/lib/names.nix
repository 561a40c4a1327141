# Names the console relies on (NIXOS-MODULE.md, "Names"). One function per name; nothing
# else in the translator spells a container, network, volume, unit or target name.
let
  u = import ./util.nix;
in
rec {
  # The container: `containerName`, else `<comp>-<svc>`. Also the oci-containers attribute.
  containerName = comp: svcName: svc: u.get svc "containerName" "${comp}-${svcName}";

  # oci-containers' default service name for a container, without ".service".
  containerUnitBase = backend: container: "${backend}-${container}";
  containerUnit = backend: container: "${containerUnitBase backend container}.service";

  # The Docker network: `name`, else `<comp>_<net>`; external: `name`, else `<net>`.
  networkName =
    comp: netName: net:
    u.get net "name" (if u.get net "external" false then netName else "${comp}_${netName}");

  networkUnitBase = backend: dockerName: "${backend}-network-${dockerName}";
  # The network's unit, or null for an external network (khepri does not manage it).
  networkUnit =
    backend: net: if net.external then null else "${networkUnitBase backend net.name}.service";

  # The Docker volume: `name`, else `<comp>_<vol>`; external: `name`, else `<vol>`.
  volumeName =
    comp: volName: vol:
    u.get vol "name" (if u.get vol "external" false then volName else "${comp}_${volName}");

  volumeUnitBase = backend: dockerName: "${backend}-volume-${dockerName}";
  volumeUnit =
    backend: vol: if vol.external then null else "${volumeUnitBase backend vol.name}.service";

  # The composition's target, and its attribute in systemd.targets.
  targetBase = comp: "khepri-${comp}";
  target = comp: "${targetBase comp}.target";

  # The network a service joins when it names none and has no networkMode.
  defaultNetwork = "default";

  # Label holding the hash of a network's settings (see networks.nix).
  networkHashLabel = "io.khepri.network-hash";

  # Where compose mounts a service's secrets.
  secretTarget =
    secretName: target:
    if target == null then
      "/run/secrets/${secretName}"
    else if u.hasPrefix "/" target then
      target
    else
      "/run/secrets/${target}";

  # ---- valid names -------------------------------------------------------------------
  # Compose project names; also used in unit and target names.
  validComposition = s: builtins.match "[a-z0-9][a-z0-9_-]*" s != null;
  # Compose service, network, volume and secret keys.
  validKey = s: builtins.match "[a-zA-Z0-9][a-zA-Z0-9_.-]*" s != null;
  # Docker container and volume names (at least two characters).
  validDockerName = s: builtins.match "[a-zA-Z0-9][a-zA-Z0-9_.-]+" s != null;
}
