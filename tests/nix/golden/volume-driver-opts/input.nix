{
  compositions.app = {
    volumes.data = { driverOpts = { type = "nfs"; o = "addr=10.0.0.1,rw"; device = ":/export/data"; }; };
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "services" "manifest" ];
}
