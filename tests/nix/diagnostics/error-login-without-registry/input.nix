# A login oci-containers would silently skip: it logs in only when username, passwordFile
# and registry are all set (issue 11, item 9).
{
  compositions.app.services = {
    web = { image = "ghcr.io/acme/web"; login = { username = "acme"; passwordFile = "/run/agenix/ghcr"; }; };
    api = { image = "ghcr.io/acme/api"; login.registry = "ghcr.io"; };
    ok = { image = "ghcr.io/acme/ok"; login = { username = "acme"; passwordFile = "/run/agenix/ghcr"; registry = "ghcr.io"; }; };
  };
  show = [ "assertions" "warnings" ];
}
