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
    };
  };
}
