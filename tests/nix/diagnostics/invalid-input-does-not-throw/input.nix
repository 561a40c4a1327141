# What the console may send while a user is editing: every kind of broken reference at
# once. The manifest, assertions and warnings must still evaluate (--strict).
{
  compositions = {
    app = {
      networks.front = { };
      services = {
        web = {
          image = "nginx";
          networks = [ "front" "missing" ];
          volumes = [ "nowhere:/data" ];
          dependsOn = { ghost = { }; db.condition = "service_healthy"; };
          secrets = [ "nope" ];
          restart = "sometimes";
          networkMode = "service:ghost";
        };
        db = { };
      };
    };
  };
  show = [ "assertions" "warnings" "manifest" ];
}
