# dockerTools images: tarballs go to imageFile; a streamLayeredImage goes to imageStream
# where oci-containers has it (NixOS >= 24.11), else a failed assertion says why.
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
in
[
  {
    name = "NixOS 24.05 (no imageStream): tarball loaded, stream refused by an assertion";
    actual = summary (evalNixos { modules = [ composition ]; });
    expected = {
      built = {
        image = "khepri/built:1";
        imageFile = "built";
      };
      streamed = {
        image = "khepri/streamed:1";
        imageStream = null;
      };
      failed = [
        "khepri.compositions.app.services.streamed: image is a dockerTools.streamLayeredImage, but this NixOS release's virtualisation.oci-containers has no imageStream option; use dockerTools.buildLayeredImage instead"
      ];
    };
  }
  {
    name = "NixOS with imageStream: the stream is used";
    actual = summary (evalNixos {
      modules = [ composition ];
      withImageStream = true;
    });
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
  }
]
