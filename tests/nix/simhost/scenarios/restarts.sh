# restart = "always" keeps restarting a container that crashes at once (no start limit:
# `absent`, whose image is missing, fails fast enough to exceed systemd's default limit),
# "on-failure:2" gives exactly 2 retries, "no" none; deploy.restartPolicy.maxAttempts = 1
# exactly one. Starts are counted by the containers themselves, in a volume. systemd
# forgets start-limit counts on daemon-reload, so this runs alone (RUN_SERIAL).
runs() { docker run --rm -v simrestart_runs:/runs khepri-test/busybox:1 sh -c "cat /runs/$1 2>/dev/null" | grep -c run || true; }
at_least_runs() { [[ $(runs "$1") -ge $2 ]]; }

run_scenario() {
  switch "$(config restarts.nix)"
  start khepri-simrestart.target
  check "always: 11 starts (10 crashes in a row, restarted each time)" \
    wait_until 90 "11 runs of simrestart-always" at_least_runs always 11
  check "always: still being restarted by systemd, not failed" \
    test "$(prop docker-simrestart-always.service ActiveState)" != failed
  check "always: systemd counted the restarts (NRestarts >= 10)" \
    test "$(prop docker-simrestart-always.service NRestarts)" -ge 10
  systemctl --user stop docker-simrestart-always.service
  check "always, failing within a second (missing image): 10 restarts" \
    wait_until 90 "10 restarts of docker-simrestart-absent" \
    sh -c '[ "$(systemctl --user show -p NRestarts --value docker-simrestart-absent.service)" -ge 10 ]'
  check "always, failing within a second: not given up (no start-limit-hit)" \
    sh -c '[ "$(systemctl --user show -p Result --value "$1")" != start-limit-hit ] && [ "$(systemctl --user show -p ActiveState --value "$1")" != failed ]' - docker-simrestart-absent.service
  systemctl --user stop docker-simrestart-absent.service

  check "on-failure:2: the unit ends failed" \
    wait_until 60 "docker-simrestart-onfailure failed" is_state docker-simrestart-onfailure.service failed
  check "on-failure:2: exactly 3 starts (2 retries)" test "$(runs onfailure)" -eq 3
  check "no: the unit ends failed" \
    wait_until 60 "docker-simrestart-never failed" is_state docker-simrestart-never.service failed
  check "no: exactly 1 start" test "$(runs never)" -eq 1
  check "no: NRestarts is 0" test "$(prop docker-simrestart-never.service NRestarts)" -eq 0
  check "deploy.restartPolicy maxAttempts=1: the unit ends failed" \
    wait_until 60 "docker-simrestart-policy failed" is_state docker-simrestart-policy.service failed
  check "deploy.restartPolicy maxAttempts=1: exactly 2 starts" test "$(runs policy)" -eq 2
}
