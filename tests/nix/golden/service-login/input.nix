{
  compositions.app = {
    services.web = { image = "ghcr.io/acme/private:1"; login = { username = "acme"; passwordFile = "/run/agenix/ghcr"; registry = "ghcr.io"; }; };
  };
}
