# A streamLayeredImage where oci-containers has no imageStream (NixOS 24.05).
{
  compositions.app.services.web.image = {
    type = "derivation";
    name = "stream-web";
    outPath = "/nix/store/11111111111111111111111111111111-stream-web";
    imageName = "web";
    imageTag = "1";
    isExe = true;
  };
  show = [ "containers" "assertions" "warnings" ];
}
