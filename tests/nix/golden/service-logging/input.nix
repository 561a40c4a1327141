{
  compositions.app = {
    services.web = { image = "nginx"; logging = { driver = "json-file"; options = { max-size = "10m"; max-file = "3"; }; }; };
  };
}
