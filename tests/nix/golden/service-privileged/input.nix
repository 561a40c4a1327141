{
  compositions.app = {
    services.web = { image = "docker:dind"; privileged = true; };
  };
}
