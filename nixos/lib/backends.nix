# What differs between the Docker and Podman backends: unit ordering on the daemon, the
# flags one of them lacks, and how a container joins several networks.
let
  u = import ./util.nix;
  inherit (builtins) concatStringsSep head length genList elemAt match map;
in
rec {
  backends = [
    "docker"
    "podman"
  ];

  isPodman = backend: backend == "podman";

  # Network and volume units run the CLI, which needs the Docker daemon; Podman has none.
  daemonOrdering =
    backend:
    if isPodman backend then
      { }
    else
      {
        after = [
          "docker.service"
          "docker.socket"
        ];
        requires = [ "docker.service" ];
      };

  # `podman network create` has no --aux-address and no --ipam-opt.
  supportsAuxAddress = backend: !isPodman backend;
  supportsIpamOptions = backend: !isPodman backend;
  # `podman run` has no --health-start-interval.
  supportsHealthStartInterval = backend: !isPodman backend;

  # `<command> <words> \` then one shell-quoted argument a line. `command` may be indented;
  # continuation lines are indented two more.
  commandLines =
    command: words: args:
    let
      indent = head (match "( *).*" command);
      n = length args;
      line = i: "${indent}  ${u.shellQuote (elemAt args i)}${if i < n - 1 then " \\" else ""}";
    in
    concatStringsSep "\n" (
      [ "${command} ${concatStringsSep " " words}${if n > 0 then " \\" else ""}" ] ++ genList line n
    );

  # Flags attaching a container to its networks. `attachments` is a list, in order, of
  # { name; aliases; ipv4Address; ipv6Address; }.
  #
  # Docker: the first network uses the classic flags (--network, --network-alias, --ip,
  # --ip6), which every Docker release accepts; further networks use the per-network
  # syntax `--network=name=N,alias=A,ip=I`, which needs Docker >= 25.
  # Podman: `--network=N:alias=A,ip=I` for each network.
  networkAttachFlags =
    backend: attachments:
    let
      opts =
        a:
        map (x: "alias=${x}") a.aliases
        ++ u.optional (a.ipv4Address != null) "ip=${a.ipv4Address}"
        ++ u.optional (a.ipv6Address != null) "ip6=${a.ipv6Address}";
      dockerFirst =
        a:
        [ "--network=${a.name}" ]
        ++ map (x: "--network-alias=${x}") a.aliases
        ++ u.optional (a.ipv4Address != null) "--ip=${a.ipv4Address}"
        ++ u.optional (a.ipv6Address != null) "--ip6=${a.ipv6Address}";
      dockerMore = a: [ "--network=${concatStringsSep "," ([ "name=${a.name}" ] ++ opts a)}" ];
      podman =
        a:
        [
          "--network=${a.name}${if opts a == [ ] then "" else ":${concatStringsSep "," (opts a)}"}"
        ];
    in
    if attachments == [ ] then
      [ ]
    else if isPodman backend then
      u.concatMap podman attachments
    else
      dockerFirst (head attachments) ++ u.concatMap dockerMore (builtins.tail attachments);
}
