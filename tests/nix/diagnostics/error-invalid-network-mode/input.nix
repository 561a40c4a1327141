# A networkMode Docker does not know.
{
  compositions.app.services.web = { image = "nginx"; networkMode = "overlay"; };
  show = [ "assertions" "warnings" ];
}
