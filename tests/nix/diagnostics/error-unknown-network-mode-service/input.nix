# networkMode service:x names a service that does not exist.
{
  compositions.app.services.client = { image = "busybox"; networkMode = "service:vpn"; };
  show = [ "assertions" "warnings" ];
}
