# Restart values compose does not know.
{
  compositions.app.services = {
    web = { image = "nginx"; restart = "sometimes"; };
    api = { image = "nginx"; deploy.restartPolicy.condition = "never"; };
  };
  show = [ "assertions" "warnings" ];
}
