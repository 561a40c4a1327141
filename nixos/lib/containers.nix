# A service as a virtualisation.oci-containers container plus the systemd settings of its
# unit. oci-containers options are used where the evaluated NixOS release has them
# (`native`, see `uses`); what no option expresses becomes a `docker run` / `podman run`
# flag in extraOptions. One function per concern.
let
  u = import ./util.nix;
  names = import ./names.nix;
  backends = import ./backends.nix;
  restart = import ./restart.nix;
  deps = import ./dependencies.nix;
  inherit (builtins)
    attrNames
    concatStringsSep
    filter
    head
    isList
    isString
    map
    tail
    ;
in
rec {
  # Labels on every container, so compose-aware tools (docker compose ls, lazydocker,
  # Portainer) show khepri's containers as stacks. The user's labels cannot override them.
  composeLabels = comp: svcName: {
    "com.docker.compose.project" = comp;
    "com.docker.compose.service" = svcName;
    "com.docker.compose.container-number" = "1";
    "com.docker.compose.oneoff" = "False";
    "io.khepri.composition" = comp;
    "io.khepri.service" = svcName;
  };

  containerLabels = svc: svc.labels // composeLabels svc.comp svc.name;

  # { ref; file; stream; } from a string or a dockerTools image derivation.
  # streamLayeredImage results are executables (isExe); other images are tarballs.
  image =
    img:
    if u.isDerivation img then
      {
        ref = "${img.imageName or img.name or "image"}:${img.imageTag or "latest"}";
        file = if img.isExe or false then null else img;
        stream = if img.isExe or false then img else null;
      }
    else
      {
        ref = if isString img then img else null;
        file = null;
        stream = null;
      };

  # Compose's entrypoint may be a list; Docker's --entrypoint is one executable, the rest
  # of the list goes before the command.
  entrypointAndCmd =
    svc:
    if svc.entrypoint == null || svc.entrypoint == [ ] then
      {
        entrypoint = null;
        cmd = svc.cmd;
      }
    else
      {
        entrypoint = head svc.entrypoint;
        cmd = tail svc.entrypoint ++ svc.cmd;
      };

  # ---- mounts ---------------------------------------------------------------------------------
  # A mount as an oci-containers `volumes` string; named volumes get their Docker name.
  # Null for tmpfs mounts (a flag) and unusable ones (an assertion reports them).
  volumeString =
    compVolumes: m:
    if m.kind == "volume" then
      (
        if compVolumes ? ${m.source} then
          "${compVolumes.${m.source}.name}:${m.target}${if m.mode == null then "" else ":${m.mode}"}"
        else
          null
      )
    else if m.kind == "bind" then
      "${m.source}:${m.target}${if m.mode == null then "" else ":${m.mode}"}"
    else if m.kind == "anonymous" then
      m.target
    else
      null;

  # File secrets are bind-mounted read-only, where compose puts them.
  secretVolumeString =
    compSecrets: s:
    if compSecrets ? ${s.source} && compSecrets.${s.source}.file != null then
      "${compSecrets.${s.source}.file}:${names.secretTarget s.source s.target}:ro"
    else
      null;

  containerVolumes =
    comp: svc:
    filter (v: v != null) (
      map (volumeString comp.volumes) svc.volumes ++ map (secretVolumeString comp.secrets) svc.secrets
    );

  # ---- networks -------------------------------------------------------------------------------
  # Compose gives every service its name as an alias on user-defined networks; Docker's
  # predefined networks take no aliases.
  userDefinedNetwork =
    dockerName:
    !(builtins.elem dockerName [
      "bridge"
      "host"
      "none"
    ]);

  attachments =
    comp: svc:
    map (
      key:
      let
        att = svc.joined.${key};
        dockerName = comp.networks.${key}.name;
      in
      {
        name = dockerName;
        aliases = u.optionals (userDefinedNetwork dockerName) (u.unique ([ svc.name ] ++ att.aliases));
        inherit (att) ipv4Address ipv6Address;
      }
    ) (filter (key: comp.networks ? ${key}) (attrNames svc.joined));

  networkModeFlags =
    comp: svc:
    let
      m = svc.networkMode;
      target = u.removePrefix "service:" m;
    in
    if m == null then
      [ ]
    else if u.hasPrefix "service:" m then
      u.optional (comp.services ? ${target}) "--network=container:${comp.services.${target}.container}"
    else
      [ "--network=${m}" ];

  networkFlags =
    backend: comp: svc:
    if svc.networkMode != null then
      networkModeFlags comp svc
    else
      backends.networkAttachFlags backend (attachments comp svc)
      ++ u.optional (svc.macAddress != null) "--mac-address=${svc.macAddress}";

  # ---- one flag group per compose key ----------------------------------------------------------
  dnsFlags =
    svc:
    map (x: "--dns=${x}") svc.dns
    ++ map (x: "--dns-search=${x}") svc.dnsSearch
    ++ map (x: "--dns-option=${x}") svc.dnsOpt;

  extraHostFlags = svc: map (h: "--add-host=${h}") svc.extraHosts;

  capabilityFlags =
    svc: map (c: "--cap-add=${c}") svc.capAdd ++ map (c: "--cap-drop=${c}") svc.capDrop;

  # ---- GPUs: deploy.resources.reservations.devices ------------------------------------------
  # NVIDIA GPUs (driver "nvidia", or none, as Docker's default) are CDI devices, as NixOS
  # provides them (hardware.nvidia-container-toolkit.enable): deviceIds -> one device per
  # id; a count N -> the first N GPUs (ids 0 … N-1); no count or "all" -> all GPUs, as
  # compose means. CDI devices carry every driver capability and take no options.
  isNvidia = d: d.driver == null || d.driver == "nvidia";

  cdiDevices =
    svc:
    u.unique (
      u.concatMap (
        d:
        if d.deviceIds != [ ] then
          map (id: "nvidia.com/gpu=${id}") d.deviceIds
        else if builtins.isInt d.count && d.count > 0 then
          builtins.genList (i: "nvidia.com/gpu=${toString i}") d.count
        else
          [ "nvidia.com/gpu=all" ]
      ) (filter isNvidia svc.deploy.reservations.devices)
    );

  # The host devices and CDI devices of a service (oci-containers `devices`).
  allDevices = svc: svc.devices ++ cdiDevices svc;

  deviceFlags = svc: map (d: "--device=${d}") (allDevices svc);

  # Other drivers -> `--gpus`, one CSV record as the docker CLI parses it: known keys only
  # (count, device, driver, capabilities, options), fields holding a comma quoted.
  gpuFlags =
    svc:
    map (
      d:
      let
        csvField = f: if builtins.match ".*[,\"].*" f != null then "\"${builtins.replaceStrings [ "\"" ] [ "\"\"" ] f}\"" else f;
        fields =
          [
            "count=${if d.count == null || d.count == -1 then "all" else u.toStr d.count}"
          ]
          ++ u.optional (d.deviceIds != [ ]) "device=${concatStringsSep "," d.deviceIds}"
          ++ u.optional (d.driver != null) "driver=${d.driver}"
          ++ u.optional (d.capabilities != [ ]) "capabilities=${concatStringsSep "," d.capabilities}"
          ++ u.optional (d.options != { }) "options=${concatStringsSep "," (u.keyValueList d.options)}";
      in
      "--gpus=${concatStringsSep "," (map csvField fields)}"
    ) (filter (d: !isNvidia d) svc.deploy.reservations.devices);

  # deploy.resources: limits and memory reservation. Compose ignores reservations.cpus
  # outside swarm too (a warning says so).
  resourceFlags =
    svc:
    let
      l = svc.deploy.limits;
      r = svc.deploy.reservations;
    in
    u.optional (l.cpus != null) "--cpus=${u.toStr l.cpus}"
    ++ u.optional (l.memory != null) "--memory=${u.toStr l.memory}"
    ++ u.optional (l.pids != null) "--pids-limit=${u.toStr l.pids}"
    ++ u.optional (r.memory != null) "--memory-reservation=${u.toStr r.memory}";

  # The healthcheck's test as the shell command --health-cmd takes. Docker's CLI can only
  # express CMD-SHELL: the exec form ["CMD", args...] is run as the quoted words.
  healthCommand =
    test:
    if isString test then
      test
    else if isList test && test != [ ] && head test == "CMD-SHELL" then
      concatStringsSep " " (tail test)
    else if isList test && test != [ ] && head test == "CMD" then
      concatStringsSep " " (map u.shellQuote (tail test))
    else if isList test then
      concatStringsSep " " (map u.shellQuote test)
    else
      null;

  healthcheckFlags =
    backend: svc:
    let
      hc = svc.healthcheck;
      cmd = healthCommand hc.test;
    in
    if hc == null then
      [ ]
    else if hc.disable || hc.test == [ "NONE" ] then
      [ "--no-healthcheck" ]
    else
      u.optional (hc.test != null && cmd != null) "--health-cmd=${cmd}"
      ++ u.optional (hc.interval != null) "--health-interval=${u.toStr hc.interval}"
      ++ u.optional (hc.timeout != null) "--health-timeout=${u.toStr hc.timeout}"
      ++ u.optional (hc.retries != null) "--health-retries=${u.toStr hc.retries}"
      ++ u.optional (hc.startPeriod != null) "--health-start-period=${u.toStr hc.startPeriod}"
      ++ u.optional (
        hc.startInterval != null && backends.supportsHealthStartInterval backend
      ) "--health-start-interval=${u.toStr hc.startInterval}";

  logOptionFlags = svc: map (o: "--log-opt=${o}") (u.keyValueList svc.logging.options);

  tmpfsFlags =
    svc:
    map (t: "--tmpfs=${t}") svc.tmpfs
    ++ map (m: "--tmpfs=${m.target}") (filter (m: m.kind == "tmpfs") svc.volumes);

  sysctlFlags = svc: map (s: "--sysctl=${s}") (u.keyValueList svc.sysctls);

  ulimitFlags =
    svc:
    u.mapAttrsToList (
      n: l:
      "--ulimit=${n}=${
        if l.soft == l.hard then u.toStr l.soft else "${u.toStr l.soft}:${u.toStr l.hard}"
      }"
    ) svc.ulimits;

  securityOptFlags = svc: map (o: "--security-opt=${o}") svc.securityOpt;

  groupAddFlags = svc: map (g: "--group-add=${g}") svc.groupAdd;

  # Docker waits stop_grace_period before SIGKILL (`docker stop` uses --stop-timeout).
  stopFlags =
    svc:
    u.optional (svc.stopSignal != null) "--stop-signal=${svc.stopSignal}"
    ++ (
      let
        s = u.durationSeconds svc.stopGracePeriod;
      in
      u.optional (svc.stopGracePeriod != null && s != null) "--stop-timeout=${toString s}"
    );

  runtimeFlags =
    svc:
    u.optional svc.init "--init"
    ++ u.optional svc.readOnly "--read-only"
    ++ u.optional (svc.runtime != null) "--runtime=${svc.runtime}"
    ++ u.optional (svc.shmSize != null) "--shm-size=${u.toStr svc.shmSize}";

  privilegedFlags = svc: u.optional svc.privileged "--privileged";

  pullFlags = svc: u.optional (svc.pull != null) "--pull=${svc.pull}";

  # Podman detaches (-d) and removes the container on exit (--rm): a run-once dependency
  # keeps it until `podman wait` has read its exit status (the unit's stop removes it).
  keepsContainer = backend: runsOnce: runsOnce && backends.isPodman backend;

  # ---- native oci-containers options ---------------------------------------------------------------
  # Which of NixOS 25.05's oci-containers options a service is given instead of flags: those
  # the release has (`native NAME`). `networks` only when no network carries an alias or
  # an address (the option has neither; compose gives a service its name as an alias on
  # every user-defined network, so in practice only Docker's predefined networks).
  # `podman.user` (rootless) is not offered: khepri's network and volume units are root's,
  # and a rootless container would not see them.
  uses =
    native: comp: svc:
    {
      capabilities = native "capabilities";
      devices = native "devices";
      privileged = native "privileged";
      pull = native "pull";
      autoRemoveOnStop = native "autoRemoveOnStop";
      networks =
        native "networks"
        && svc.networkMode == null
        && builtins.all (
          a: a.aliases == [ ] && a.ipv4Address == null && a.ipv6Address == null
        ) (attachments comp svc);
    };

  extraOptions =
    { backend, native, ... }:
    comp: svc: runsOnce:
    let
      use = uses native comp svc;
      unless = option: flags: u.optionals (!use.${option}) flags;
    in
    u.concatLists [
      (if use.networks then u.optional (svc.macAddress != null) "--mac-address=${svc.macAddress}" else networkFlags backend comp svc)
      (dnsFlags svc)
      (extraHostFlags svc)
      (unless "capabilities" (capabilityFlags svc))
      (unless "devices" (deviceFlags svc))
      (gpuFlags svc)
      (resourceFlags svc)
      (healthcheckFlags backend svc)
      (logOptionFlags svc)
      (tmpfsFlags svc)
      (sysctlFlags svc)
      (ulimitFlags svc)
      (securityOptFlags svc)
      (groupAddFlags svc)
      (stopFlags svc)
      (unless "privileged" (privilegedFlags svc))
      (runtimeFlags svc)
      (unless "pull" (pullFlags svc))
      (unless "autoRemoveOnStop" (u.optional (keepsContainer backend runsOnce) "--rm=false"))
      svc.extraOptions
    ];

  # The native options' values (only those that differ from oci-containers' defaults).
  nativeAttrs =
    { backend, native, ... }:
    comp: svc: runsOnce:
    let
      use = uses native comp svc;
      capabilities =
        builtins.listToAttrs (map (c: u.nameValuePair c false) svc.capDrop)
        // builtins.listToAttrs (map (c: u.nameValuePair c true) svc.capAdd);
      devices = allDevices svc;
      networks = map (a: a.name) (attachments comp svc);
    in
    u.optionalAttrs (use.capabilities && capabilities != { }) { inherit capabilities; }
    // u.optionalAttrs (use.devices && devices != [ ]) { inherit devices; }
    // u.optionalAttrs (use.privileged && svc.privileged) { privileged = true; }
    // u.optionalAttrs (use.pull && svc.pull != null) { inherit (svc) pull; }
    // u.optionalAttrs (use.autoRemoveOnStop && keepsContainer backend runsOnce) {
      autoRemoveOnStop = false;
    }
    // u.optionalAttrs (use.networks && networks != [ ]) { inherit networks; };

  # ---- the oci-containers entry ------------------------------------------------------------------
  # Options every supported release has (NixOS 24.11: `imageStream` too, unless the caller
  # says otherwise), plus the native ones the release has.
  ociContainer =
    { hasImageStream, ... }@args:
    comp: svc: runsOnce:
    let
      img = image svc.image;
      ec = entrypointAndCmd svc;
      volumes = containerVolumes comp svc;
      dependsOn = map (d: comp.services.${d}.container) (deps.dependencyNames comp.services svc);
    in
    {
      image = if img.ref == null then "" else img.ref;
      labels = containerLabels svc;
      extraOptions = extraOptions args comp svc runsOnce;
      inherit (svc) autoStart;
    }
    // nativeAttrs args comp svc runsOnce
    // u.optionalAttrs (img.file != null) { imageFile = img.file; }
    // u.optionalAttrs (img.stream != null && hasImageStream) { imageStream = img.stream; }
    // u.optionalAttrs (svc.login != null) { login = svc.login; }
    // u.optionalAttrs (ec.cmd != [ ]) { inherit (ec) cmd; }
    // u.optionalAttrs (ec.entrypoint != null) { inherit (ec) entrypoint; }
    // u.optionalAttrs (svc.environment != { }) { inherit (svc) environment; }
    // u.optionalAttrs (svc.environmentFiles != [ ]) { inherit (svc) environmentFiles; }
    // u.optionalAttrs (svc.logging.driver != null) { log-driver = svc.logging.driver; }
    // u.optionalAttrs (svc.ports != [ ]) { inherit (svc) ports; }
    // u.optionalAttrs (svc.user != null) { inherit (svc) user; }
    // u.optionalAttrs (volumes != [ ]) { inherit volumes; }
    // u.optionalAttrs (svc.workingDir != null) { workdir = svc.workingDir; }
    // u.optionalAttrs (svc.hostname != null) { inherit (svc) hostname; }
    // u.optionalAttrs (dependsOn != [ ]) { inherit dependsOn; };

  # ---- the container unit ---------------------------------------------------------------------------
  # Units of the networks and volumes a service uses: its composition's, or for an external
  # one, the unit of the composition that creates it (`managed`: Docker name -> unit).
  usedUnits =
    backend: comp: svc: managed:
    let
      netUnit =
        n: if n.external then managed.networks.${n.name} or null else names.networkUnit backend n;
      volUnit =
        v: if v.external then managed.volumes.${v.name} or null else names.volumeUnit backend v;
      nets = map (k: comp.networks.${k}) (filter (k: comp.networks ? ${k}) (attrNames svc.joined));
      vols = map (m: comp.volumes.${m.source}) (
        filter (m: m.kind == "volume" && comp.volumes ? ${m.source}) svc.volumes
      );
    in
    u.unique (filter (x: x != null) (map netUnit nets ++ map volUnit vols));

  # systemd.services entry for the container's unit (oci-containers defines the unit; these
  # settings are merged into it).
  containerUnit =
    { backend, command, ... }:
    managed: comp: svc:
    let
      runsOnce = deps.waitedOnWith "service_completed_successfully" comp svc.name;
      waitedHealthy = deps.waitedOnWith "service_healthy" comp svc.name && deps.hasHealthcheck svc;
      rc = restart.restartConfig svc runsOnce;
      used = usedUnits backend comp svc managed;
      graceSeconds = u.durationSeconds svc.stopGracePeriod;
      postStart =
        u.optional waitedHealthy (deps.healthWaitScript command svc.container svc.healthcheck)
        ++ u.optional (runsOnce && backends.isPodman backend) (deps.completionWaitScript command svc.container);
    in
    {
      name = names.containerUnitBase backend svc.container;
      value =
        {
          partOf = [ (names.target comp.name) ];
          wantedBy = u.optional svc.autoStart (names.target comp.name);
          serviceConfig =
            rc.serviceConfig
            // u.optionalAttrs runsOnce {
              Type = "oneshot";
              RemainAfterExit = true;
            }
            # Leave systemd time to let Docker stop the container gracefully.
            // u.optionalAttrs (svc.stopGracePeriod != null && graceSeconds != null) {
              TimeoutStopSec = graceSeconds + 30;
            };
        }
        // u.optionalAttrs (used != [ ]) {
          after = used;
          requires = used;
        }
        // u.optionalAttrs (rc.unitConfig != { }) { inherit (rc) unitConfig; }
        // u.optionalAttrs (postStart != [ ]) { postStart = concatStringsSep "\n" postStart; };
    };
}
