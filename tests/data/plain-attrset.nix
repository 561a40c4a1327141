# Compositions as a plain attrset (no module wrapper).
{
  web = {
    services.nginx = {
      image = "nginx:1.27";
      ports = [ "8080:80" ];
    };
  };
}
