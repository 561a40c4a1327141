# A module that needs pkgs, which only exists inside a NixOS configuration.
{ pkgs, ... }:
{
  khepri.compositions.app.services.web.image = pkgs.hello;
}
