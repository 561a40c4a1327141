{
  compositions.app = {
    services.web = { image = "node:22"; init = true; };
  };
}
