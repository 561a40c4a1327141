# Bind mounts need an absolute host path; a mount must be SOURCE:TARGET[:MODE].
{
  compositions.app.services.web = { image = "nginx"; volumes = [ "./html:/usr/share/nginx/html" "~/conf:/conf" "a:b:c:d" ]; };
  show = [ "assertions" "warnings" ];
}
