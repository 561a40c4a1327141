# Restart policies on real systemd: containers that crash at once, each counting its
# starts in a file of a shared volume.
{ ... }:
let
  crash = file: {
    image = "khepri-test/busybox:1";
    volumes = [ "runs:/runs" ];
    cmd = [ "sh" "-c" "echo run >> /runs/${file}; exit 3" ];
  };
in
{
  khepri.compositions.simrestart = {
    volumes = [ "runs" ];
    services = {
      always = crash "always" // { restart = "always"; };
      onfailure = crash "onfailure" // { restart = "on-failure:2"; };
      never = crash "never" // { restart = "no"; };
      policy = crash "policy" // { deploy.restartPolicy = { condition = "on-failure"; maxAttempts = 1; }; };
      # Fails within a fraction of a second, as a container whose image is not there yet:
      # fast enough for systemd's default start limit (5 starts in 10 s) to matter.
      absent = {
        image = "khepri-test/absent:1";
        pull = "never";
        restart = "always";
      };
    };
  };
}
