{
  compositions.app = {
    services.web = { image = "nginx"; stopSignal = "SIGQUIT"; };
  };
}
