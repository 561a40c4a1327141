{
  compositions.app = {
    services.web = { image = "node:22"; workingDir = "/app"; };
  };
}
