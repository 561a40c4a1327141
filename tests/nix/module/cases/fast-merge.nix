# The module's submodules (compositions, services, networks, volumes, dependencies, …)
# merge a single plain definition on a fast path (module.nix, `lazySubmodule`), and every
# other definition with the module system's real submodule merge. Both must give the same
# options: checked on every golden case's input, once as written (fast path) and once with
# every composition, service, network, volume, secret, dependency and nested submodule
# value split into two definitions, `lib.mkMerge [ value { } ]` (real merge); plus the
# errors the fast path must still raise.
{
  lib,
  evalNixos,
  goldenDir,
  goldenCaseNames,
  ...
}:
let
  real = v: lib.mkMerge [
    v
    { }
  ];
  realEach = v: if builtins.isAttrs v then lib.mapAttrs (_: real) v else v;
  realIfAttrs = v: if builtins.isAttrs v then real v else v;
  realService =
    s:
    real (
      s
      // lib.optionalAttrs (s ? dependsOn) { dependsOn = realEach s.dependsOn; }
      // lib.optionalAttrs (s ? networks) { networks = realEach s.networks; }
      // lib.optionalAttrs (s ? healthcheck) { healthcheck = realIfAttrs s.healthcheck; }
      // lib.optionalAttrs (s ? deploy) { deploy = realIfAttrs s.deploy; }
    );
  realComposition =
    c:
    real (
      c
      // lib.optionalAttrs (c ? services) { services = lib.mapAttrs (_: realService) c.services; }
      // lib.optionalAttrs (c ? networks) { networks = realEach c.networks; }
      // lib.optionalAttrs (c ? volumes) { volumes = realEach c.volumes; }
      // lib.optionalAttrs (c ? secrets) { secrets = realEach c.secrets; }
    );
  compositionsOf =
    compositions: args:
    (evalNixos {
      modules = [
        {
          khepri = { inherit compositions; };
          virtualisation.oci-containers.backend = args.backend or "docker";
        }
      ];
    }).khepri.compositions;
  check =
    caseName:
    let
      args = import (goldenDir + "/${caseName}/input.nix");
    in
    {
      name = "golden case ${caseName}: fast path equals the real submodule";
      actual = compositionsOf args.compositions args;
      expected = compositionsOf (lib.mapAttrs (_: realComposition) args.compositions) args;
    };
  service = s: compositionsOf { app.services.web = { image = "nginx"; } // s; } { };
in
map check goldenCaseNames
++ [
  {
    name = "fast path: a wrong type is an error";
    throws = (service { restart = "sometimes"; }).app.services.web.restart;
  }
  {
    name = "fast path: an unknown option is an error";
    throws = (service { imag = "nginx"; }).app.services.web.image;
  }
  {
    name = "fast path: a missing image is an error";
    throws = (compositionsOf { app.services.web.ports = [ "80:80" ]; } { }).app.services.web.image;
  }
  {
    name = "fast path: a wrong type in a nested submodule is an error";
    throws = (service { healthcheck.retries = -1; }).app.services.web.healthcheck.retries;
  }
  {
    name = "fast path: mkIf false falls back to the default";
    actual = (service { privileged = lib.mkIf false true; }).app.services.web.privileged;
    expected = false;
  }
  {
    name = "fast path: mkForce on one option is honoured";
    actual = (service { restart = lib.mkForce "always"; }).app.services.web.restart;
    expected = "always";
  }
  {
    name = "fast path: a group of options (logging) merges its own definitions";
    actual = (service { logging.driver = "json-file"; }).app.services.web.logging;
    expected = {
      driver = "json-file";
      options = { };
    };
  }
  {
    name = "two definitions of one service merge";
    actual =
      (evalNixos {
        modules = [
          { khepri.compositions.app.services.web.image = "nginx"; }
          { khepri.compositions.app.services.web.ports = [ "80:80" ]; }
        ];
      }).khepri.compositions.app.services.web.ports;
    expected = [ "80:80" ];
  }
]
