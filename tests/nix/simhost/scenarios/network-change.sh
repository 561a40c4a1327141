# A network settings change, applied as `nixos-rebuild switch` applies it (the network's
# unit file changed: restart it), recreates the network with the new settings; the
# containers come back on the new network, and a file written into a named volume survives.
network_id() { docker network inspect --format '{{.Id}}' simnet_backend; }
container_network_id() { docker inspect --format '{{range .NetworkSettings.Networks}}{{.NetworkID}}{{end}}' "$1"; }
on_network() { [[ $(container_network_id "$1") == "$2" ]]; }

run_scenario() {
  switch "$(config network-change-1.nix)"
  start khepri-simnet.target
  check "app runs" wait_until 60 "simnet-app running" running simnet-app
  check "worker runs" wait_until 60 "simnet-worker running" running simnet-worker
  local old_id app_pid worker_pid
  old_id=$(network_id)
  check "the network is not internal" test "$(docker network inspect --format '{{.Internal}}' simnet_backend)" = false
  docker exec simnet-app sh -c 'echo kept > /data/file'
  app_pid=$(prop docker-simnet-app.service ExecMainPID)
  worker_pid=$(prop docker-simnet-worker.service ExecMainPID)

  switch "$(config network-change-2.nix)"
  check "the network was created again (new id)" \
    wait_until 60 "a new simnet_backend" sh -c '[ "$(docker network inspect --format "{{.Id}}" simnet_backend 2>/dev/null)" != "$1" ]' - "$old_id"
  local new_id
  new_id=$(network_id)
  check "the network has the new settings (internal)" \
    test "$(docker network inspect --format '{{.Internal}}' simnet_backend)" = true
  check "the network has the new label" \
    test "$(docker network inspect --format '{{index .Labels "generation"}}' simnet_backend)" = 2
  check "app runs again" wait_until 60 "simnet-app running" running simnet-app
  check "worker runs again" wait_until 60 "simnet-worker running" running simnet-worker
  check "app's unit was restarted (new main process)" \
    test "$(prop docker-simnet-app.service ExecMainPID)" != "$app_pid"
  check "worker's unit was restarted (new main process)" \
    test "$(prop docker-simnet-worker.service ExecMainPID)" != "$worker_pid"
  check "app is on the new network" wait_until 30 "app on $new_id" on_network simnet-app "$new_id"
  check "worker is on the new network" wait_until 30 "worker on $new_id" on_network simnet-worker "$new_id"
  check "the file in the named volume survived" \
    test "$(docker exec simnet-app cat /data/file)" = kept
}
