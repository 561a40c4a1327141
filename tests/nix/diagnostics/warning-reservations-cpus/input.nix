# A CPU reservation has no docker run flag.
{
  compositions.app.services.web = { image = "nginx"; deploy.resources.reservations.cpus = "0.25"; };
  show = [ "assertions" "warnings" ];
}
