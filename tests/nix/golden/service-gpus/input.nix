# GPUs (issue 11, item 4). NVIDIA GPUs become CDI devices, as NixOS provides them with
# hardware.nvidia-container-toolkit: no count means all GPUs (compose's meaning), a count N
# the GPUs 0 … N-1, deviceIds those ids; driver options are ignored with a warning. Another
# driver gets a `--gpus` record the docker CLI accepts.
{
  compositions.app.services = {
    all.image = "cuda";
    all.deploy.resources.reservations.devices = [ { capabilities = [ "gpu" ]; } ];
    two.image = "cuda";
    two.deploy.resources.reservations.devices = [ { driver = "nvidia"; count = 2; capabilities = [ "gpu" "compute" ]; } ];
    ids.image = "cuda";
    ids.deploy.resources.reservations.devices = [ { driver = "nvidia"; deviceIds = [ "GPU-3a1b" "1" ]; capabilities = [ "gpu" ]; options.x = "y"; } ];
    other.image = "rocm";
    other.deploy.resources.reservations.devices = [ { driver = "amd"; capabilities = [ "gpu" "compute" ]; options = { a = "1"; b = "2"; }; } ];
  };
}
