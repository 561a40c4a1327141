# Composition names follow compose's project names.
{
  compositions."My App".services.web.image = "nginx";
  show = [ "assertions" "warnings" ];
}
