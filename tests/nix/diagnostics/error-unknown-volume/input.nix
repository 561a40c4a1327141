# A named volume that is not declared in the composition.
{
  compositions.app.services.web = { image = "nginx"; volumes = [ "data:/data" ]; };
  show = [ "assertions" "warnings" ];
}
