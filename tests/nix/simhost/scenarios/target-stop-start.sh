# Stopping the composition's target stops every container (PartOf); starting it again
# brings them back in dependency order. The network goes with the target, the volume stays.
containers_of() { docker ps -aq --filter label=io.khepri.composition=simorder; }
none_left() { [[ -z $(containers_of) ]]; }

run_scenario() {
  switch "$(config target-stop-start.nix)"
  start khepri-simorder.target
  local c
  for c in base middle front; do
    check "$c runs" wait_until 60 "simorder-$c running" running "simorder-$c"
  done

  systemctl --user stop khepri-simorder.target
  check "every container is gone after stopping the target" wait_until 60 "no simorder container" none_left
  for c in base middle front; do
    # The unit's main process (docker run) ends with the container's exit status: 0 here,
    # as the service exits cleanly on SIGTERM. (A container killed by `docker stop` ends
    # with 137 and its unit "failed", as on NixOS.)
    check "docker-simorder-$c.service is inactive" is_state "docker-simorder-$c.service" inactive
    check "docker-simorder-$c.service has no job pending (not restarting)" \
      test -z "$(systemctl --user list-jobs --no-legend "docker-simorder-$c.service")"
  done
  check "the network unit is inactive and the network removed" \
    sh -c '[ "$(systemctl --user show -p ActiveState --value docker-network-simorder_default.service)" = inactive ] && ! docker network inspect simorder_default >/dev/null 2>&1'
  check "the volume is kept" sh -c 'docker volume inspect simorder_data >/dev/null'

  systemctl --user start khepri-simorder.target
  for c in base middle front; do
    check "$c runs again" wait_until 60 "simorder-$c running" running "simorder-$c"
  done
  check "the target is active" is_state khepri-simorder.target active
  check "base started before middle" \
    before "$(started_at docker-simorder-base.service)" "$(started_at docker-simorder-middle.service)"
  check "middle started before front" \
    before "$(started_at docker-simorder-middle.service)" "$(started_at docker-simorder-front.service)"
  check "the network was created before base started" \
    before "$(active_at docker-network-simorder_default.service)" "$(started_at docker-simorder-base.service)"
}
