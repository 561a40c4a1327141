# restart and deploy.restartPolicy together: the policy wins, as in compose.
{
  compositions.app.services.web = { image = "nginx"; restart = "always"; deploy.restartPolicy.condition = "on-failure"; };
  show = [ "assertions" "warnings" ];
}
