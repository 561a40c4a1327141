# Terminal escape sequences in a service name and an image (issue 12, defect
# 10): a window-title OSC, a bell and a clear-screen CSI. The console prints
# them escaped ("\x1b"), never raw. JSON escapes are the one way to write
# control characters in a Nix string.
let
  esc = builtins.fromJSON ''"\u001b"'';
  bel = builtins.fromJSON ''"\u0007"'';
in
{
  app.services."web${esc}]0;pwned${bel}${esc}[2J" = {
    image = "nginx${esc}[31m:1";
    ports = [ "8080:80" ];
  };
}
