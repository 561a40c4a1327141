{
  compositions.app.services.worker = {
    image = "app:1";
    deploy.resources = {
      limits = { cpus = "0.5"; memory = "512m"; pids = 200; };
      reservations = {
        memory = "256m";
        devices = [
          { driver = "nvidia"; count = 1; capabilities = [ "gpu" ]; }
          { driver = "nvidia"; deviceIds = [ "0" "3" ]; capabilities = [ "gpu" "utility" ]; }
          { count = "all"; capabilities = [ "gpu" ]; }
        ];
      };
    };
  };
}
