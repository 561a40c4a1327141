# The README's example (tests/nix/readme-example.nix, kept equal to it), adapted to the
# test image: every service runs ./service.nix (a `sleep`), publishes no ports
# (tests never bind host ports) and mounts no host files (the Caddyfile); networks,
# volumes, dependencies and names stay as written. Except: with a Docker older than 25
# (Debian 12's dockerd is 20.10) a container cannot join two networks, so paperless_web
# then joins only `paperless`, and readme.sh says so.
args@{ config, lib, pkgs, ... }:
let
  multiNetwork = lib.versionAtLeast config.virtualisation.docker.package.version "25";
  example = (import ../../readme-example.nix args).khepri.compositions;
  readme =
    if multiNetwork then
      example
    else
      lib.recursiveUpdate example { paperless.services.webserver.networks = [ "paperless" ]; };
  adapt =
    svc:
    svc
    // {
      inherit (import ./service.nix) image cmd;
      ports = [ ];
      volumes = builtins.filter (v: !(lib.hasPrefix "/" v)) (svc.volumes or [ ]);
    };
in
{
  khepri.compositions = lib.mapAttrs (_: c: c // { services = lib.mapAttrs (_: adapt) c.services; }) readme;
}
