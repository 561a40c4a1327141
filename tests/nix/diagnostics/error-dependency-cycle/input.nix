# Two cycles (a -> b -> c -> a and d -> d); e depends on the first cycle without being in it.
{
  compositions.app.services = {
    a = { image = "busybox"; dependsOn = [ "b" ]; };
    b = { image = "busybox"; dependsOn = [ "c" ]; };
    c = { image = "busybox"; dependsOn = [ "a" ]; };
    d = { image = "busybox"; dependsOn = [ "d" ]; };
    e = { image = "busybox"; dependsOn = [ "a" ]; };
  };
  show = [ "assertions" "warnings" ];
}
