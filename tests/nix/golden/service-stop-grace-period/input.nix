{
  compositions.app = {
    services.db = { image = "postgres:16"; stopGracePeriod = "1m30s"; };
  };
  show = [ "containers" "services" "assertions" ];
}
