# Values the console cannot represent as plain data: a derivation-like image,
# a function and a path. They must be reported, never turned into strings.
{ ... }:
{
  khepri.compositions.app.services.web = {
    image = {
      type = "derivation";
      name = "docker-image-web.tar.gz";
      imageName = "web";
      imageTag = "latest";
      outPath = "/nix/store/00000000000000000000000000000000-docker-image-web.tar.gz";
    };
    healthcheck = x: x;
    environmentFiles = [ ./plain-attrset.nix ];
  };
}
