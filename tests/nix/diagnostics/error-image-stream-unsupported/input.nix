# A streamLayeredImage where oci-containers has no imageStream (NixOS before 24.11, which
# khepri no longer supports; the translator still refuses it with a clear message).
{
  compositions.app.services.web.image = {
    type = "derivation";
    name = "stream-web";
    outPath = "/nix/store/11111111111111111111111111111111-stream-web";
    imageName = "web";
    imageTag = "1";
    isExe = true;
  };
  hasImageStream = false;
  show = [ "containers" "assertions" "warnings" ];
}
