# Evaluation-time assertions and warnings (NIXOS-MODULE.md, "Errors and warnings").
# Every check is a function returning the messages of what is wrong (empty when fine);
# messages start with the option path of the composition or service they are about.
# Nothing here throws: invalid input gives messages.
let
  u = import ./util.nix;
  names = import ./names.nix;
  backends = import ./backends.nix;
  restart = import ./restart.nix;
  deps = import ./dependencies.nix;
  containers = import ./containers.nix;
  inherit (builtins)
    attrNames
    attrValues
    concatStringsSep
    elem
    elemAt
    filter
    head
    length
    map
    match
    ;
  compPath = comp: "khepri.compositions.${comp}";
  services = comp: map (s: comp.services.${s}) (attrNames comp.services);
in
rec {
  # ---- names ---------------------------------------------------------------------------------
  compositionNameErrors =
    comp:
    u.optional (!names.validComposition comp.name)
      "${compPath comp.name}: invalid composition name \"${comp.name}\": use lowercase letters, digits, \"_\" and \"-\", starting with a letter or digit";

  keyErrors =
    comp: kind: keys:
    map (k: "${compPath comp.name}.${kind}.${k}: invalid ${kind} key \"${k}\": use letters, digits, \"_\", \".\" and \"-\", starting with a letter or digit") (
      filter (k: !names.validKey k) keys
    );

  containerNameErrors =
    svc:
    u.optional (svc.containerNameSet && !names.validDockerName svc.container)
      "${svc.path}: invalid containerName \"${svc.container}\": use at least two letters, digits, \"_\", \".\" and \"-\", starting with a letter or digit";

  # Only names set explicitly: derived names are valid when the keys are.
  dockerNameErrors =
    comp: kind: items:
    map (i: "${compPath comp.name}.${kind}.${i.key}: invalid name \"${i.name}\": use at least two letters, digits, \"_\", \".\" and \"-\", starting with a letter or digit") (
      filter (i: i.nameSet && !names.validDockerName i.name) items
    );

  # ---- references -------------------------------------------------------------------------------
  imageErrors =
    hasImageStream: svc:
    let
      img = containers.image svc.image;
    in
    u.optional (img.ref == null || img.ref == "") "${svc.path}: no image: set image to an image reference or a dockerTools image"
    ++ u.optional (img.stream != null && !hasImageStream)
      "${svc.path}: image is a dockerTools.streamLayeredImage, but this NixOS release's virtualisation.oci-containers has no imageStream option; use dockerTools.buildLayeredImage instead";

  networkReferenceErrors =
    comp: svc:
    map (n: "${svc.path}: network \"${n}\" is not defined in ${compPath comp.name}.networks") (
      filter (n: !(comp.networks ? ${n})) (attrNames svc.joined)
    );

  networkModeErrors =
    comp: svc:
    let
      m = svc.networkMode;
      target = u.removePrefix "service:" m;
      valid = match "host|none|bridge|service:.+|container:.+" m != null;
    in
    if m == null then
      [ ]
    else
      u.optional (!valid) "${svc.path}: networkMode \"${m}\" is not one of \"host\", \"none\", \"bridge\", \"service:NAME\", \"container:NAME\""
      ++ u.optional (svc.networks != { }) "${svc.path}: networkMode \"${m}\" cannot be combined with networks; remove one of them"
      ++ u.optional (u.hasPrefix "service:" m && !(comp.services ? ${target}))
        "${svc.path}: networkMode \"${m}\" references service \"${target}\", which is not defined in ${compPath comp.name}.services";

  mountErrors =
    comp: svc:
    u.concatMap (
      m:
      if m.kind == "invalid" then
        [ "${svc.path}: volume \"${m.spec}\" is not of the form SOURCE:TARGET[:MODE]" ]
      else if m.kind == "volume" && !(comp.volumes ? ${m.source}) then
        [ "${svc.path}: volume \"${m.source}\" (in \"${m.spec}\") is not defined in ${compPath comp.name}.volumes; declare it there, or use an absolute path for a bind mount" ]
      else if m.kind == "bind" && !(u.hasPrefix "/" m.source) then
        [ "${svc.path}: volume \"${m.spec}\": a bind mount source must be an absolute path" ]
      else
        [ ]
    ) svc.volumes;

  secretErrors =
    comp: svc:
    u.concatMap (
      s:
      if !(comp.secrets ? ${s.source}) then
        [ "${svc.path}: secret \"${s.source}\" is not defined in ${compPath comp.name}.secrets" ]
      else if comp.secrets.${s.source}.file == null then
        [ "${compPath comp.name}.secrets.${s.source}: no file; set file to the path of the secret on the host" ]
      else
        [ ]
    ) svc.secrets;

  dependsOnErrors =
    comp: svc:
    u.concatMap (
      d:
      let
        c = svc.dependsOn.${d}.condition;
      in
      if !(comp.services ? ${d}) then
        [ "${svc.path}: dependsOn references service \"${d}\", which is not defined in ${compPath comp.name}.services" ]
      else if !(elem c deps.conditions) then
        [ "${svc.path}: dependsOn.${d}.condition \"${u.toStr c}\" is not one of ${u.quoteList deps.conditions}" ]
      else if c == "service_healthy" && !deps.hasHealthcheck comp.services.${d} then
        [ "${svc.path}: dependsOn.${d}.condition is \"service_healthy\", but service \"${d}\" has no healthcheck; add ${compPath comp.name}.services.${d}.healthcheck or use \"service_started\"" ]
      else
        [ ]
    ) (attrNames svc.dependsOn);

  cycleErrors =
    comp:
    map (
      cycle:
      "${compPath comp.name}.services.${head cycle}: dependsOn cycle: "
      + (
        if length cycle == 1 then
          "service \"${head cycle}\" depends on itself"
        else
          "services ${u.quoteList cycle} of composition ${comp.name} depend on each other"
      )
    ) (deps.cycles comp.services);

  # ---- values -----------------------------------------------------------------------------------
  restartErrors =
    svc:
    let
      rp = svc.deploy.restartPolicy;
    in
    u.optional (!restart.validRestart svc.restart) "${svc.path}: restart \"${u.toStr svc.restart}\" is not one of \"no\", \"always\", \"unless-stopped\", \"on-failure\", \"on-failure:N\""
    ++ u.optional (rp != null && !(elem rp.condition restart.restartPolicyConditions))
      "${svc.path}: deploy.restartPolicy.condition \"${u.toStr rp.condition}\" is not one of ${u.quoteList restart.restartPolicyConditions}";

  durationErrors =
    svc:
    let
      hc = if svc.healthcheck == null then { } else svc.healthcheck;
      rp = if svc.deploy.restartPolicy == null then { } else svc.deploy.restartPolicy;
      fields = [
        {
          name = "healthcheck.interval";
          value = hc.interval or null;
        }
        {
          name = "healthcheck.timeout";
          value = hc.timeout or null;
        }
        {
          name = "healthcheck.startPeriod";
          value = hc.startPeriod or null;
        }
        {
          name = "healthcheck.startInterval";
          value = hc.startInterval or null;
        }
        {
          name = "stopGracePeriod";
          value = svc.stopGracePeriod;
        }
        {
          name = "deploy.restartPolicy.delay";
          value = rp.delay or null;
        }
        {
          name = "deploy.restartPolicy.window";
          value = rp.window or null;
        }
      ];
    in
    map (f: "${svc.path}: ${f.name} \"${u.toStr f.value}\" is not a duration such as \"30s\", \"1m30s\" or \"500ms\"") (
      filter (f: !u.isDuration f.value) fields
    );

  # Docker's --pull takes always, missing and never; only podman has newer.
  pullErrors =
    backend: svc:
    u.optional (svc.pull == "newer" && !backends.isPodman backend)
      "${svc.path}: pull \"newer\" is a podman policy; docker run only takes \"always\", \"missing\" or \"never\"";

  # oci-containers logs in only when username, passwordFile and registry are all set, and
  # silently skips the login otherwise.
  loginErrors =
    svc:
    let
      l = svc.login;
      missing = filter (f: l.${f} == null) [
        "username"
        "passwordFile"
        "registry"
      ];
    in
    u.optional (l != null && missing != [ ])
      "${svc.path}: ${concatStringsSep " and " (map (f: "login.${f}") missing)} ${if length missing == 1 then "is" else "are"} not set; oci-containers logs in only when login.username, login.passwordFile and login.registry (such as \"docker.io\" or \"ghcr.io\") are all set, and otherwise pulls without logging in";

  commandErrors =
    svc:
    u.concatMap (
      field:
      let
        s = svc.unsplittable.${field};
      in
      u.optional (s != null) "${svc.path}: ${field} \"${s}\" cannot be split into words: a quote is not closed or it ends in a backslash; close the quote, or give ${field} as a list"
    ) [
      "cmd"
      "entrypoint"
    ];

  # Docker joins further networks with `--network=name=…`, which Docker 25 added.
  dockerVersionErrors =
    { backend, dockerVersion ? null, ... }:
    comp: svc:
    let
      joined = filter (k: comp.networks ? ${k}) (attrNames svc.joined);
    in
    u.optional (
      !backends.isPodman backend
      && dockerVersion != null
      && builtins.compareVersions dockerVersion "25" < 0
      && svc.networkMode == null
      && length joined > 1
    ) "${svc.path}: joins ${toString (length joined)} networks (${u.quoteList joined}), which needs Docker 25 or newer, but virtualisation.docker.package is Docker ${dockerVersion}; set virtualisation.docker.package to a newer Docker (pkgs.docker), or join one network";

  # A service some services wait on to complete and others to be healthy: it runs as a
  # oneshot that must exit (completed) and stay up (healthy) at once.
  runOnceHealthyErrors =
    comp:
    let
      dependents =
        condition: d:
        filter (s: (comp.services.${s}.dependsOn.${d}.condition or null) == condition) (
          attrNames comp.services
        );
      both = filter (d: comp.waitedOn.service_healthy ? ${d}) (
        attrNames comp.waitedOn.service_completed_successfully
      );
    in
    map (
      d:
      "${compPath comp.name}.services.${d}: services wait for it both to complete (service_completed_successfully: ${u.quoteList (dependents "service_completed_successfully" d)}) and to be healthy (service_healthy: ${u.quoteList (dependents "service_healthy" d)}); a container cannot exit and stay up: make every dependsOn.${d}.condition the same"
    ) (filter (d: comp.services ? ${d}) both);

  # ---- across compositions -----------------------------------------------------------------------------
  duplicateContainerErrors =
    comps:
    let
      all = u.concatMap services comps;
      groups = u.groupBy (s: s.container) all;
    in
    map (
      c: "container name \"${c}\" is used by more than one service: ${concatStringsSep ", " (map (s: s.path) groups.${c})}"
    ) (filter (c: length groups.${c} > 1) (attrNames groups));

  # Host bindings of a published port: [ { ip; port; proto; shownIp; } ] ([] when the host
  # port is chosen by Docker). Like Docker, an address may be written in brackets
  # ("[::1]:8080:80") or without ("::1:8080:80": everything before the last two fields);
  # `ip` is its canonical spelling, so that every spelling of one address is caught.
  hostBindings =
    spec:
    let
      slash = u.splitFirst "/" spec;
      proto = if slash.value == null then "tcp" else slash.value;
      main = slash.name;
      bracketed = match "[[]([0-9a-fA-F:.]*)]:([^:]*):(.*)" main;
      parts = u.splitString ":" main;
      n = length parts;
      ipHost =
        if bracketed != null then
          {
            ip = head bracketed;
            host = elemAt bracketed 1;
          }
        else if n >= 3 then
          {
            ip = concatStringsSep ":" (builtins.genList (elemAt parts) (n - 2));
            host = elemAt parts (n - 2);
          }
        else if n == 2 then
          {
            ip = "";
            host = head parts;
          }
        else
          {
            ip = "";
            host = "";
          };
    in
    map (port: {
      ip = u.canonicalIp ipHost.ip;
      shownIp = ipHost.ip;
      inherit port proto;
    }) (u.portRange ipHost.host);

  wildcard = ip: elem ip [ "" "0.0.0.0" "0:0:0:0:0:0:0:0" ];

  duplicatePortErrors =
    comps:
    let
      published = u.concatMap (
        svc:
        u.concatMap (
          spec:
          map (b: b // { inherit spec; inherit (svc) path; }) (hostBindings spec)
        ) (if svc.networkMode == "host" then [ ] else svc.ports)
      ) (u.concatMap services comps);
      groups = u.groupBy (b: "${toString b.port}/${b.proto}") published;
      # The sets of bindings of one port that clash: all of them when one is on every
      # address, else those on the same address (one set per address).
      conflicts =
        g:
        let
          bs = groups.${g};
          byIp = u.groupBy (b: b.ip) bs;
        in
        if builtins.any (b: wildcard b.ip) bs then
          u.optional (length bs > 1) bs
        else
          filter (c: length c > 1) (map (ip: byIp.${ip}) (attrNames byIp));
      show = b: "${b.path} (\"${b.spec}\")";
      address =
        bs:
        let
          specific = filter (b: !wildcard b.ip) bs;
          ip = if specific == [ ] then "*" else (head specific).shownIp;
        in
        if match ".*:.*" ip != null then "[${ip}]" else ip;
    in
    u.concatMap (
      g:
      map (
        c: "host address ${address c}:${g} is published more than once: ${concatStringsSep ", " (map show c)}"
      ) (conflicts g)
    ) (attrNames groups);

  # Two compositions (or two keys) creating the same Docker network or volume would define
  # one unit twice.
  duplicateResourceErrors =
    comps: kind:
    let
      all = u.concatMap (
        comp:
        map (k: {
          inherit (comp.${kind}.${k}) name;
          path = "${compPath comp.name}.${kind}.${k}";
        }) (filter (k: !comp.${kind}.${k}.external) (attrNames comp.${kind}))
      ) comps;
      groups = u.groupBy (x: x.name) all;
      singular = {
        networks = "network";
        volumes = "volume";
      };
    in
    map (
      n: "${singular.${kind}} name \"${n}\" is created by more than one definition: ${concatStringsSep ", " (map (x: x.path) groups.${n})}; let one create it and the others use it as external"
    ) (filter (n: length groups.${n} > 1) (attrNames groups));

  unitCollisionErrors =
    backend: comps:
    let
      resourceUnits = u.concatMap (
        comp:
        map (n: names.networkUnitBase backend n.name) (filter (n: !n.external) (attrValues comp.networks))
        ++ map (v: names.volumeUnitBase backend v.name) (filter (v: !v.external) (attrValues comp.volumes))
      ) comps;
      taken = builtins.listToAttrs (map (x: u.nameValuePair x true) resourceUnits);
    in
    map (s: "${s.path}: container name \"${s.container}\" gives unit ${names.containerUnit backend s.container}, which is also a network or volume unit; set another containerName") (
      filter (s: taken ? ${names.containerUnitBase backend s.container}) (u.concatMap services comps)
    );

  # ---- all assertions ----------------------------------------------------------------------------
  serviceErrors =
    { hasImageStream, backend, ... }@args:
    comp: svc:
    u.concatLists [
      (u.optional (!names.validKey svc.name) "${svc.path}: invalid service key \"${svc.name}\": use letters, digits, \"_\", \".\" and \"-\", starting with a letter or digit")
      (containerNameErrors svc)
      (imageErrors hasImageStream svc)
      (networkReferenceErrors comp svc)
      (networkModeErrors comp svc)
      (mountErrors comp svc)
      (secretErrors comp svc)
      (dependsOnErrors comp svc)
      (restartErrors svc)
      (durationErrors svc)
      (pullErrors backend svc)
      (loginErrors svc)
      (commandErrors svc)
      (dockerVersionErrors args comp svc)
    ];

  compositionErrors =
    args: comp:
    u.concatLists [
      (compositionNameErrors comp)
      (keyErrors comp "networks" (attrNames comp.networks))
      (keyErrors comp "volumes" (attrNames comp.volumes))
      (keyErrors comp "secrets" (attrNames comp.secrets))
      (dockerNameErrors comp "networks" (attrValues comp.networks))
      (dockerNameErrors comp "volumes" (attrValues comp.volumes))
      (u.concatMap (serviceErrors args comp) (services comp))
      (cycleErrors comp)
      (runOnceHealthyErrors comp)
    ];

  errors =
    args: comps:
    u.concatLists [
      (u.concatMap (compositionErrors args) comps)
      (duplicateContainerErrors comps)
      (duplicatePortErrors comps)
      (duplicateResourceErrors comps "networks")
      (duplicateResourceErrors comps "volumes")
      (unitCollisionErrors args.backend comps)
    ];

  # NixOS's assertion shape; only the failed checks are listed.
  assertions =
    args: comps:
    map (message: {
      assertion = false;
      inherit message;
    }) (errors args comps);

  # ---- warnings ------------------------------------------------------------------------------------
  # `*_FILE` variables (the images' convention for "read it from this file") hold a path,
  # not the secret.
  secretLike =
    k:
    let
      upper = u.toUpper k;
    in
    !(u.hasSuffix "_FILE" upper)
    && (match ".*(PASSWORD|SECRET|TOKEN).*" upper != null || u.hasSuffix "_KEY" upper);

  environmentWarnings =
    svc:
    map (k: "${svc.path}: environment variable ${k} looks like a secret; its value is written to the world-readable Nix store. Pass it with environmentFiles or secrets instead.") (
      filter secretLike (attrNames svc.environment)
    );

  restartWarnings =
    comp: svc:
    let
      rp = svc.deploy.restartPolicy;
      runsOnce = deps.waitedOnWith "service_completed_successfully" comp svc.name;
      restarts = restart.effectiveRestart svc;
      explicit = svc.restart != null || rp != null;
    in
    u.optional (svc.restart != null && rp != null) "${svc.path}: both restart and deploy.restartPolicy are set; deploy.restartPolicy is used, as in compose"
    ++ u.optional (runsOnce && explicit && elem restarts [ "always" "unless-stopped" ])
      "${svc.path}: runs once, as a service_completed_successfully dependency; restart \"${restarts}\" is not applied";

  resourceWarnings =
    svc:
    u.optional (svc.deploy.reservations.cpus != null) "${svc.path}: deploy.resources.reservations.cpus is ignored: docker run has no CPU reservation (compose ignores it outside swarm too)"
    ++ u.optional (builtins.any (d: containers.isNvidia d && d.options != { }) svc.deploy.reservations.devices)
      "${svc.path}: deploy.resources.reservations.devices: options are ignored for NVIDIA GPUs, which are passed as CDI devices (nvidia.com/gpu=ID) and take no driver options";

  networkModeWarnings =
    svc:
    u.optional (svc.networkMode == "host" && svc.ports != [ ]) "${svc.path}: ports are ignored with networkMode \"host\": the container uses the host's ports directly";

  podmanWarnings =
    backend: comp: svc:
    u.optionals (backends.isPodman backend) (
      u.optional (svc.healthcheck != null && svc.healthcheck.startInterval != null)
        "${svc.path}: healthcheck.startInterval is ignored: podman run has no --health-start-interval"
    );

  podmanNetworkWarnings =
    backend: comp:
    u.optionals (backends.isPodman backend) (
      u.concatMap (
        n:
        u.optional (builtins.any (c: c.auxAddresses != { }) n.ipam.config)
          "${compPath comp.name}.networks.${n.key}: ipam.config.auxAddresses is ignored: podman network create has no --aux-address"
        ++ u.optional (n.ipam.options != { })
          "${compPath comp.name}.networks.${n.key}: ipam.options is ignored: podman network create has no --ipam-opt"
      ) (filter (n: !n.external) (attrValues comp.networks))
    );

  # An external network that no composition creates: nothing makes it on a fresh host, so
  # the containers joining it fail to start until someone does. Docker's predefined
  # networks always exist.
  externalNetworkWarnings =
    comps:
    let
      created = u.concatMap (c: map (n: n.name) (filter (n: !n.external) (attrValues c.networks))) comps;
      predefined = [
        "bridge"
        "host"
        "none"
      ];
    in
    u.concatMap (
      comp:
      map (
        n:
        "${compPath comp.name}.networks.${n.key}: external network \"${n.name}\" is created by no composition, so its containers fail to start until it exists. Declare it without `external` in one composition (networks.${n.key}.name = \"${n.name}\";) and as external in the others, or create it on the host (docker network create ${n.name})."
      ) (filter (n: n.external && !(elem n.name created) && !(elem n.name predefined)) (attrValues comp.networks))
    ) comps;

  warnings =
    { backend, ... }:
    comps:
    externalNetworkWarnings comps
    ++ u.concatMap (
      comp:
      u.concatMap (
        svc:
        environmentWarnings svc
        ++ restartWarnings comp svc
        ++ resourceWarnings svc
        ++ networkModeWarnings svc
        ++ podmanWarnings backend comp svc
      ) (services comp)
      ++ podmanNetworkWarnings backend comp
    ) comps;
}
