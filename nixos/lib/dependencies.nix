# dependsOn: which services a service waits for and how (NIXOS-MODULE.md, "Units").
#   service_started                -> after + requires the dependency's unit
#   service_healthy                -> the dependency's unit becomes active only once its
#                                     container reports healthy (a waiting ExecStartPost)
#   service_completed_successfully -> the dependency runs as a oneshot; dependents start
#                                     after it exited 0
let
  u = import ./util.nix;
  inherit (builtins) attrNames concatStringsSep filter genericClosure map toString;
in
rec {
  conditions = [
    "service_started"
    "service_healthy"
    "service_completed_successfully"
  ];

  # Services of the composition that `svc` must start after: its dependsOn, and the service
  # whose network namespace it shares (networkMode "service:x"), as compose does. Only
  # existing services.
  dependencyNames =
    services: svc:
    let
      modeService =
        if svc.networkMode != null && u.hasPrefix "service:" svc.networkMode then
          [ (u.removePrefix "service:" svc.networkMode) ]
        else
          [ ];
    in
    filter (d: services ? ${d}) (u.unique (attrNames svc.dependsOn ++ modeService));

  # For each condition, the services some service of the composition waits on with it:
  # { service_healthy = { db = true; }; ... }. Computed once per composition.
  waitedOn =
    services:
    builtins.listToAttrs (
      map (
        condition:
        u.nameValuePair condition (
          builtins.listToAttrs (
            u.concatMap (
              s:
              map (d: u.nameValuePair d true) (
                filter (d: services.${s}.dependsOn.${d}.condition == condition) (attrNames services.${s}.dependsOn)
              )
            ) (attrNames services)
          )
        )
      ) conditions
    );

  # Is the service waited on with `condition` by some service of its composition?
  waitedOnWith = condition: comp: name: comp.waitedOn.${condition} ? ${name};

  hasHealthcheck =
    svc:
    svc.healthcheck != null
    && !svc.healthcheck.disable
    && svc.healthcheck.test != null
    && svc.healthcheck.test != [ "NONE" ];

  # Compose's healthcheck defaults.
  healthDefaults = {
    interval = "30s";
    timeout = "30s";
    retries = 3;
    startPeriod = "0s";
  };

  # How long to wait for "healthy" once the container exists: the start period plus one
  # more round than Docker needs to declare the container unhealthy.
  healthWaitSeconds =
    hc:
    let
      ms = field: let v = u.durationMs (u.get hc field healthDefaults.${field}); in if v == null then u.durationMs healthDefaults.${field} else v;
      retries = u.get hc "retries" healthDefaults.retries;
    in
    (ms "startPeriod" + (retries + 1) * (ms "interval" + ms "timeout") + 999) / 1000;

  # ExecStartPost of a service_healthy dependency. The container may not exist yet when it
  # starts (the image is being pulled): the clock starts when it does.
  healthWaitScript =
    command: container: hc:
    let
      name = u.shellQuote container;
      limit = toString (healthWaitSeconds hc);
    in
    concatStringsSep "\n" [
      "# Active only once ${container} reports healthy (at most ${limit}s after it started)."
      "deadline="
      "while :; do"
      "  if status=$(${command} inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' ${name} 2>/dev/null); then"
      "    [ -n \"$deadline\" ] || deadline=$(( $(date +%s) + ${limit} ))"
      "    case \"$status\" in"
      "      healthy) exit 0 ;;"
      "      unhealthy) echo \"${container} is unhealthy\" >&2; exit 1 ;;"
      "    esac"
      "    if [ \"$(date +%s)\" -ge \"$deadline\" ]; then"
      "      echo \"${container} not healthy after ${limit}s\" >&2"
      "      exit 1"
      "    fi"
      "  fi"
      "  sleep 1"
      "done"
    ];

  # Podman runs containers detached (-d): the oneshot's ExecStart returns at once, so
  # ExecStartPost waits for the exit status. Docker runs in the foreground: ExecStart
  # returns the container's exit status itself.
  completionWaitScript =
    command: container:
    concatStringsSep "\n" [
      "# Done once ${container} has exited; success only with exit status 0."
      "status=$(${command} wait ${u.shellQuote container})"
      "if [ \"$status\" != 0 ]; then"
      "  echo \"${container} exited with status $status\" >&2"
      "  exit 1"
      "fi"
    ];

  # Services of a composition caught in a dependsOn cycle, as lists of names (one list
  # per cycle, sorted, each reported once).
  cycles =
    services:
    let
      deps = s: dependencyNames services services.${s};
      reach =
        s:
        map (x: x.key) (genericClosure {
          startSet = map (d: { key = d; }) (deps s);
          operator = x: map (d: { key = d; }) (deps x.key);
        });
      reachSets = builtins.listToAttrs (map (s: u.nameValuePair s (reach s)) (attrNames services));
      inCycle = s: builtins.elem s reachSets.${s};
      members = s: filter (t: builtins.elem s reachSets.${t}) reachSets.${s};
      cycleOf = s: builtins.sort builtins.lessThan (members s);
    in
    map cycleOf (
      filter (s: inCycle s && builtins.head (cycleOf s) == s) (attrNames services)
    );
}
