# Restart policies as systemd settings (NIXOS-MODULE.md, "Units"). Docker's own --restart is
# never used: systemd restarts the container unit.
let
  u = import ./util.nix;
  inherit (builtins) match head fromJSON;
in
rec {
  # What a service gets when it says nothing (the README example's services: NixOS's
  # oci-containers restart containers too).
  defaultRestart = "unless-stopped";

  # A Docker-like back-off: 100 ms doubling up to one minute. RestartSteps and
  # RestartMaxDelaySec need systemd 254 (NixOS 24.11 has 256); an older systemd ignores
  # them with a warning and restarts every 100 ms.
  backoff = {
    RestartSec = "100ms";
    RestartSteps = 9;
    RestartMaxDelaySec = "1min";
  };

  # "on-failure:3" -> { policy = "on-failure"; retries = 3; }; null when invalid.
  parseRestart =
    s:
    let
      m = match "(no|always|unless-stopped|on-failure)(:([0-9]+))?" s;
    in
    if !(builtins.isString s) || m == null then
      null
    else
      {
        policy = head m;
        retries = if builtins.elemAt m 2 == null then null else fromJSON (builtins.elemAt m 2);
      };

  validRestart = s: s == null || parseRestart s != null;

  restartPolicyConditions = [
    "none"
    "on-failure"
    "any"
  ];

  # The restart in compose's words, after deploy.restartPolicy (which wins, as in compose):
  # the manifest's "restart".
  effectiveRestart =
    svc:
    let
      rp = svc.deploy.restartPolicy;
    in
    if rp != null then
      (
        if rp.condition == "none" then
          "no"
        else if rp.condition == "on-failure" then
          "on-failure${if rp.maxAttempts == null then "" else ":${toString rp.maxAttempts}"}"
        else
          "always"
      )
    else if svc.restart != null && validRestart svc.restart then
      svc.restart
    else
      defaultRestart;

  # The start limit, in [Unit]. systemd counts automatic restarts against it (by default 5
  # starts in 10 s), so without one a container that dies fast at boot is given up for good;
  # Docker retries forever. `retries` null: no limit. N: exactly N retries, whenever they
  # happen (N + 1 starts in an endless window), unless `window` bounds the count in time.
  startLimit =
    retries: window:
    if retries == null then
      { StartLimitIntervalSec = 0; }
    else
      {
        StartLimitIntervalSec = if window == null then "infinity" else window;
        StartLimitBurst = retries + 1;
      };

  # { serviceConfig; unitConfig; } for a container unit. `runsOnce`: the service is a
  # `service_completed_successfully` dependency, a oneshot that only restarts on failure.
  restartConfig =
    svc: runsOnce:
    let
      rp = svc.deploy.restartPolicy;
      fromPolicy = {
        Restart =
          if rp.condition == "none" then
            "no"
          else if rp.condition == "on-failure" then
            "on-failure"
          else
            "always";
        serviceExtra = if rp.delay != null then { RestartSec = rp.delay; } else backoff;
        unitConfig = startLimit rp.maxAttempts rp.window;
      };
      parsed = parseRestart (effectiveRestart svc);
      fromRestart = {
        Restart =
          if parsed.policy == "no" then
            "no"
          else if parsed.policy == "on-failure" then
            "on-failure"
          else
            "always";
        serviceExtra = backoff;
        unitConfig = startLimit parsed.retries null;
      };
      chosen = if rp != null then fromPolicy else fromRestart;
      # Type=oneshot accepts only Restart=no and Restart=on-failure.
      restart = if runsOnce && chosen.Restart == "always" then "no" else chosen.Restart;
    in
    {
      serviceConfig = {
        Restart = restart;
      } // u.optionalAttrs (restart != "no") chosen.serviceExtra;
      unitConfig = if restart == "no" then { } else chosen.unitConfig;
    };
}
