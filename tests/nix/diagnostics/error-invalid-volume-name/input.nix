# A Docker volume name that is not valid.
{
  compositions.app = {
    volumes.data.name = "x";
    services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  };
  show = [ "assertions" "warnings" ];
}
