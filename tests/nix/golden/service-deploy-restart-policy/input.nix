{
  compositions.app.services = {
    any = { image = "busybox"; deploy.restartPolicy = { }; };
    none = { image = "busybox"; deploy.restartPolicy.condition = "none"; };
    bounded = {
      image = "busybox";
      deploy.restartPolicy = { condition = "on-failure"; delay = "5s"; maxAttempts = 3; window = "2m"; };
    };
  };
  show = [ "services" "assertions" "warnings" "manifest" ];
}
