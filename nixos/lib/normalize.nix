# Turns a composition as a user writes it (short or long forms, missing fields) or as the
# module passes it (coerced, every option defaulted, unset ones null) into one canonical
# shape. Everything after this file reads only canonical values, so both inputs give the
# same output.
let
  u = import ./util.nix;
  names = import ./names.nix;
  deps = import ./dependencies.nix;
  inherit (builtins)
    attrNames
    isAttrs
    isList
    isString
    listToAttrs
    map
    mapAttrs
    ;
  inherit (u) get toList toStr;
in
rec {
  # "cmd 'an arg'" -> [ "cmd" "an arg" ]; lists stay lists. Strings are split as compose
  # splits them, like a shell (u.shellWords); one with an unclosed quote gives [ ] here and
  # an assertion (checks.commandErrors).
  words =
    v:
    if isString v then
      (let w = u.shellWords v; in if w == null then [ ] else w)
    else
      toList v;

  # The string of a `cmd` or `entrypoint` that cannot be split, else null.
  unsplittable = v: if isString v && u.shellWords v == null then v else null;

  # ---- service volumes -------------------------------------------------------------------
  # A mount: { kind = "volume" | "bind" | "anonymous" | "tmpfs" | "invalid"; source;
  # target; mode; spec } where spec is what the user wrote (for messages).
  mount =
    v:
    if isAttrs v then mountLong v else mountShort (toStr v);

  mountShort =
    spec:
    let
      parts = u.splitString ":" spec;
      n = builtins.length parts;
      source = builtins.head parts;
      isPath = u.hasPrefix "/" source || u.hasPrefix "." source || u.hasPrefix "~" source;
    in
    if n == 1 then
      {
        kind = "anonymous";
        source = null;
        target = source;
        mode = null;
        inherit spec;
      }
    else if n == 2 || n == 3 then
      {
        kind = if isPath then "bind" else "volume";
        inherit source spec;
        target = builtins.elemAt parts 1;
        mode = if n == 3 then builtins.elemAt parts 2 else null;
      }
    else
      {
        kind = "invalid";
        source = null;
        target = null;
        mode = null;
        inherit spec;
      };

  # Compose's long syntax: { type; source; target; readOnly; }.
  mountLong =
    v:
    let
      type = get v "type" "volume";
      source = get v "source" null;
      target = get v "target" "";
      readOnly = get v "readOnly" false;
      mode = if readOnly then "ro" else null;
      spec = "${if source == null then "" else "${source}:"}${target}${
        if mode == null then "" else ":${mode}"
      }";
    in
    {
      kind =
        if type == "tmpfs" then
          "tmpfs"
        else if source == null then
          "anonymous"
        else if type == "bind" then
          "bind"
        else
          "volume";
      inherit
        source
        target
        mode
        spec
        ;
    };

  # ---- ports -------------------------------------------------------------------------------
  # Short strings and numbers stay as written; the long form becomes the short string, with
  # an IPv6 host address in brackets (`[::1]:8080:80/tcp`) as Docker reads it.
  port =
    p:
    if isAttrs p then
      let
        ip = get p "hostIp" null;
        hostIp =
          if ip != null && builtins.match ".*:.*" ip != null && !(u.hasPrefix "[" ip) then "[${ip}]" else ip;
        published = get p "published" null;
        protocol = get p "protocol" "tcp";
        target = toStr (get p "target" "");
      in
      (if hostIp == null then "" else "${hostIp}:")
      + (if published == null then (if hostIp == null then "" else ":") else "${toStr published}:")
      + target
      + "/${protocol}"
    else
      toStr p;

  # ---- references with two forms --------------------------------------------------------------
  # dependsOn: [ "db" ] or { db.condition = "service_healthy"; }.
  dependsOn =
    v:
    if v == null then
      { }
    else if isList v then
      listToAttrs (map (d: u.nameValuePair d { condition = "service_started"; }) v)
    else
      mapAttrs (
        _: d: {
          condition =
            if isString d then
              d
            else if d == null then
              "service_started"
            else
              get d "condition" "service_started";
        }
      ) v;

  # A service's networks: [ "a" ] or { a = { aliases; ipv4Address; ipv6Address; }; }.
  serviceNetworks =
    v:
    let
      one = n: {
        aliases = toList (get n "aliases" [ ]);
        ipv4Address = get n "ipv4Address" null;
        ipv6Address = get n "ipv6Address" null;
      };
    in
    if v == null then
      { }
    else if isList v then
      listToAttrs (map (n: u.nameValuePair n (one { })) v)
    else
      mapAttrs (_: n: one (if n == null then { } else n)) v;

  # A service's secrets: [ "db_password" ] or [ { source; target; } ].
  serviceSecret =
    s:
    if isAttrs s then
      {
        source = get s "source" "";
        target = get s "target" null;
      }
    else
      {
        source = s;
        target = null;
      };

  # extraHosts: [ "host:ip" "host=ip" ] or { host = "ip"; } -> [ "host:ip" ].
  extraHosts =
    v:
    if isAttrs v then
      u.mapAttrsToList (h: ip: "${h}:${ip}") v
    else
      map (
        s:
        let
          p = u.splitFirst "=" s;
        in
        if p.value == null then s else "${p.name}:${p.value}"
      ) (toList v);

  # ulimits: { nofile = { soft; hard; }; nproc = 65535; }.
  ulimits =
    v:
    mapAttrs (
      _: l:
      if isAttrs l then
        { inherit (l) soft hard; }
      else
        {
          soft = l;
          hard = l;
        }
    ) (if v == null then { } else v);

  healthcheck =
    v:
    if v == null then
      null
    else
      {
        test = get v "test" null;
        interval = get v "interval" null;
        timeout = get v "timeout" null;
        retries = get v "retries" null;
        startPeriod = get v "startPeriod" null;
        startInterval = get v "startInterval" null;
        disable = get v "disable" false;
      };

  restartPolicy =
    v:
    if v == null then
      null
    else
      {
        condition = get v "condition" "any";
        delay = get v "delay" null;
        maxAttempts = get v "maxAttempts" null;
        window = get v "window" null;
      };

  gpuRequest = d: {
    driver = get d "driver" null;
    count = get d "count" null;
    deviceIds = toList (get d "deviceIds" [ ]);
    capabilities = toList (get d "capabilities" [ ]);
    options = u.keyValueAttrs (get d "options" { });
  };

  deploy =
    v:
    let
      resources = get v "resources" { };
      limits = get resources "limits" { };
      reservations = get resources "reservations" { };
    in
    {
      limits = {
        cpus = get limits "cpus" null;
        memory = get limits "memory" null;
        pids = get limits "pids" null;
      };
      reservations = {
        cpus = get reservations "cpus" null;
        memory = get reservations "memory" null;
        devices = map gpuRequest (toList (get reservations "devices" [ ]));
      };
      restartPolicy = restartPolicy (get v "restartPolicy" null);
    };

  # Null when nothing is set; an incomplete login is kept for checks.loginErrors.
  login =
    v:
    let
      l = {
        username = get v "username" null;
        passwordFile = get v "passwordFile" null;
        registry = get v "registry" null;
      };
    in
    if v == null || builtins.all (x: x == null) (builtins.attrValues l) then null else l;

  # ---- a service ------------------------------------------------------------------------------
  service =
    comp: svcName: v:
    let
      logging = get v "logging" { };
      entrypoint = get v "entrypoint" null;
    in
    {
      name = svcName;
      inherit comp;
      path = "khepri.compositions.${comp}.services.${svcName}";
      image = get v "image" null;
      container = names.containerName comp svcName v;
      containerNameSet = get v "containerName" null != null;
      environment = u.environmentAttrs (get v "environment" { });
      environmentFiles = map toStr (toList (get v "environmentFiles" [ ]));
      volumes = map mount (toList (get v "volumes" [ ]));
      tmpfs = toList (get v "tmpfs" [ ]);
      labels = u.keyValueAttrs (get v "labels" { });
      ports = map port (toList (get v "ports" [ ]));
      expose = map toStr (toList (get v "expose" [ ]));
      dns = toList (get v "dns" [ ]);
      dnsSearch = toList (get v "dnsSearch" [ ]);
      dnsOpt = toList (get v "dnsOpt" [ ]);
      capAdd = toList (get v "capAdd" [ ]);
      capDrop = toList (get v "capDrop" [ ]);
      logging = {
        driver = get logging "driver" null;
        options = u.keyValueAttrs (get logging "options" { });
      };
      dependsOn = dependsOn (get v "dependsOn" null);
      restart = get v "restart" null;
      deploy = deploy (get v "deploy" { });
      devices = toList (get v "devices" [ ]);
      networks = serviceNetworks (get v "networks" null);
      networkMode = get v "networkMode" null;
      privileged = get v "privileged" false;
      init = get v "init" false;
      readOnly = get v "readOnly" false;
      extraHosts = extraHosts (get v "extraHosts" [ ]);
      sysctls = u.keyValueAttrs (get v "sysctls" { });
      shmSize = get v "shmSize" null;
      runtime = get v "runtime" null;
      securityOpt = toList (get v "securityOpt" [ ]);
      cmd = words (get v "cmd" [ ]);
      entrypoint = if entrypoint == null then null else words entrypoint;
      unsplittable = {
        cmd = unsplittable (get v "cmd" null);
        entrypoint = unsplittable entrypoint;
      };
      healthcheck = healthcheck (get v "healthcheck" null);
      hostname = get v "hostname" null;
      macAddress = get v "macAddress" null;
      user = get v "user" null;
      workingDir = get v "workingDir" null;
      ulimits = ulimits (get v "ulimits" { });
      stopSignal = get v "stopSignal" null;
      stopGracePeriod = get v "stopGracePeriod" null;
      groupAdd = map toStr (toList (get v "groupAdd" [ ]));
      secrets = map serviceSecret (toList (get v "secrets" [ ]));
      autoStart = get v "autoStart" true;
      pull = get v "pull" null;
      login = login (get v "login" null);
      extraOptions = toList (get v "extraOptions" [ ]);
    };

  # ---- networks, volumes, secrets of a composition ------------------------------------------------
  ipamConfig = c: {
    subnet = get c "subnet" null;
    ipRange = get c "ipRange" null;
    gateway = get c "gateway" null;
    auxAddresses = u.keyValueAttrs (get c "auxAddresses" { });
  };

  network =
    comp: key: v:
    let
      v' = if v == null then { } else v;
      ipam = get v' "ipam" { };
    in
    {
      inherit key;
      name = names.networkName comp key v';
      nameSet = get v' "name" null != null;
      external = get v' "external" false;
      driver = get v' "driver" null;
      driverOpts = u.keyValueAttrs (get v' "driverOpts" { });
      ipam = {
        driver = get ipam "driver" null;
        config = map ipamConfig (toList (get ipam "config" [ ]));
        options = u.keyValueAttrs (get ipam "options" { });
      };
      internal = get v' "internal" false;
      enableIpv6 = get v' "enableIpv6" false;
      attachable = get v' "attachable" false;
      labels = u.keyValueAttrs (get v' "labels" { });
    };

  volume =
    comp: key: v:
    let
      v' = if v == null then { } else v;
    in
    {
      inherit key;
      name = names.volumeName comp key v';
      nameSet = get v' "name" null != null;
      external = get v' "external" false;
      driver = get v' "driver" null;
      driverOpts = u.keyValueAttrs (get v' "driverOpts" { });
      labels = u.keyValueAttrs (get v' "labels" { });
    };

  secret = v: { file = if isAttrs v then get v "file" null else v; };

  # [ "a" "b" ] or { a = { ... }; } -> { a = ...; b = ...; }
  namedSet =
    v:
    if v == null then
      { }
    else if isList v then
      listToAttrs (map (n: u.nameValuePair n { }) v)
    else
      v;

  composition =
    comp: v:
    let
      services = mapAttrs (service comp) (namedSet (get v "services" { }));
      userNetworks = mapAttrs (network comp) (namedSet (get v "networks" { }));
      servicesNetworks = mapAttrs (_: joinedNetworks) services;
      needsDefault = builtins.any (
        s: servicesNetworks.${s} ? ${names.defaultNetwork}
      ) (attrNames services);
      networks =
        userNetworks
        // u.optionalAttrs (needsDefault && !(userNetworks ? ${names.defaultNetwork})) {
          ${names.defaultNetwork} = network comp names.defaultNetwork { };
        };
    in
    {
      name = comp;
      services = mapAttrs (s: svc: svc // { joined = servicesNetworks.${s}; }) services;
      waitedOn = deps.waitedOn services;
      inherit networks;
      volumes = mapAttrs (volume comp) (namedSet (get v "volumes" { }));
      secrets = mapAttrs (_: secret) (namedSet (get v "secrets" { }));
    };

  # The networks a service joins: its own, else the default network when it has no
  # networkMode.
  joinedNetworks =
    svc:
    if svc.networkMode != null then
      { }
    else if svc.networks == { } then
      serviceNetworks [ names.defaultNetwork ]
    else
      svc.networks;
}
