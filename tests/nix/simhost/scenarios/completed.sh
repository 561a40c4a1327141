# depends_on service_completed_successfully: web starts after its migration exited 0, and
# never after one that exited 1.
run_scenario() {
  switch "$(config completed.nix)"
  start khepri-simdone.target khepri-simfailed.target

  check "exit 0: web's container runs" wait_until 90 "simdone-web running" running simdone-web
  check "exit 0: the migration's oneshot is active (exited, RemainAfterExit)" \
    is_state docker-simdone-migrate.service active
  check "exit 0: the migration's container exited with 0" \
    test "$(prop docker-simdone-migrate.service ExecMainStatus)" -eq 0
  check "exit 0: web started after the migration exited" \
    before "$(prop docker-simdone-migrate.service ExecMainExitTimestampMonotonic)" "$(started_at docker-simdone-web.service)"

  check "exit 1: the migration's unit fails" \
    wait_until 90 "docker-simfailed-migrate failed" is_state docker-simfailed-migrate.service failed
  check "exit 1: the migration's container exited with 1" \
    test "$(prop docker-simfailed-migrate.service ExecMainStatus)" -eq 1
  check "exit 1: web's start job is gone (failed with its dependency)" \
    wait_until 30 "no job for docker-simfailed-web" sh -c '[ -z "$(systemctl --user list-jobs --no-legend docker-simfailed-web.service)" ]'
  check "exit 1: web's unit never started" test "$(started_at docker-simfailed-web.service)" -eq 0
  check "exit 1: web's container does not exist" absent simfailed-web
}
