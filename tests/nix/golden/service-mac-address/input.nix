{
  compositions.app = {
    services.web = { image = "nginx"; macAddress = "02:42:ac:11:00:02"; };
  };
}
