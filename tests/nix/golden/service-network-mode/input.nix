# No default network is created for services with a networkMode; no aliases either.
{
  compositions.app.services = {
    host = { image = "busybox"; networkMode = "host"; };
    none = { image = "busybox"; networkMode = "none"; };
    bridge = { image = "busybox"; networkMode = "bridge"; };
    vpn = { image = "wireguard"; networkMode = "bridge"; };
    client = { image = "busybox"; networkMode = "service:vpn"; };
    sidecar = { image = "busybox"; networkMode = "container:some-container"; };
  };
  show = [ "containers" "services" "assertions" "manifest" ];
}
