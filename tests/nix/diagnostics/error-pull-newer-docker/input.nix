# pull = "newer" is a podman policy; docker run rejects it on every start (issue 11,
# item 5). The other policies pass.
{
  compositions.app.services = {
    web = { image = "nginx"; pull = "newer"; };
    api = { image = "api"; pull = "always"; };
  };
  show = [ "assertions" "warnings" ];
}
