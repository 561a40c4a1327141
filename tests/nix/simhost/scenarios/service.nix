# The test image's long-running service: sleeps, and exits 0 at once on SIGTERM (as a
# well-behaved server does), so `docker stop` is quick. Busybox `sleep` as the container's
# PID 1 would ignore SIGTERM and be killed after Docker's 10 s.
{
  image = "khepri-test/busybox:1";
  cmd = [ "sh" "-c" "trap 'exit 0' TERM; sleep 1000 & wait" ];
}
