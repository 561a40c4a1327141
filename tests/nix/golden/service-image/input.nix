{
  compositions.app = {
    services.web = { image = "docker.io/library/nginx:1.27"; };
  };
}
