# Images built with dockerTools: tarballs (buildImage, buildLayeredImage, pullImage) go to
# imageFile, streamLayeredImage's script to imageStream (where oci-containers has it).
let
  tarball = {
    type = "derivation";
    name = "docker-image-khepri-demo.tar.gz";
    outPath = "/nix/store/00000000000000000000000000000000-docker-image-khepri-demo.tar.gz";
    imageName = "khepri/demo";
    imageTag = "1.0";
  };
  stream = {
    type = "derivation";
    name = "stream-khepri-stream";
    outPath = "/nix/store/11111111111111111111111111111111-stream-khepri-stream";
    imageName = "khepri/stream";
    imageTag = "latest";
    isExe = true;
  };
in
{
  hasImageStream = true;
  compositions.app.services = {
    built.image = tarball;
    streamed.image = stream;
  };
  show = [ "containers" "assertions" "manifest" ];
}
