# Two compositions creating the same Docker volume.
{
  compositions = {
    one = { volumes.data.name = "data"; services.a = { image = "nginx"; volumes = [ "data:/data" ]; }; };
    two = { volumes.data.name = "data"; services.b = { image = "nginx"; volumes = [ "data:/data" ]; }; };
  };
  show = [ "assertions" "warnings" ];
}
