# dockerTools images: tarballs go to imageFile; a streamLayeredImage goes to imageStream,
# which every supported release (NixOS 24.11 and later) has.
{ lib, evalNixos, ... }:
let
  fakeImage = name: extra: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/22222222222222222222222222222222-${name}";
    imageName = "khepri/${name}";
    imageTag = "1";
  } // extra;
  composition = {
    virtualisation.oci-containers.backend = "docker";
    khepri.compositions.app.services = {
      built.image = fakeImage "built" { };
      streamed.image = fakeImage "streamed" { isExe = true; };
    };
  };
  summary =
    config:
    let
      cs = config.virtualisation.oci-containers.containers;
    in
    {
      built = {
        inherit (cs.app-built) image;
        imageFile = cs.app-built.imageFile.name;
      };
      streamed = {
        inherit (cs.app-streamed) image;
        imageStream = if cs.app-streamed ? imageStream then cs.app-streamed.imageStream.name else null;
      };
      failed = map (a: a.message) (builtins.filter (a: !a.assertion) config.assertions);
    };
  expected = {
    built = {
      image = "khepri/built:1";
      imageFile = "built";
    };
    streamed = {
      image = "khepri/streamed:1";
      imageStream = "streamed";
    };
    failed = [ ];
  };
in
map (release: {
  name = "NixOS ${release}: the tarball is loaded, the stream is used";
  actual = summary (evalNixos {
    modules = [ composition ];
    inherit release;
  });
  inherit expected;
}) [ "24.11" "25.05" ]
