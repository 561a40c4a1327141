# depends_on service_healthy: while db's container is up but not yet healthy, web's unit
# has not started and its container does not exist; web starts only after db's unit became
# active, which its ExecStartPost allows only once Docker reports db healthy.
health() { docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1" 2>/dev/null; }
is_health() { [[ $(health "$1") == "$2" ]]; }

run_scenario() {
  switch "$(config healthy.nix)"
  start khepri-simhealthy.target
  check "db's container runs and is still starting (not healthy yet)" \
    wait_until 60 "simhealthy-db starting" is_health simhealthy-db starting
  check "meanwhile db's unit is activating (its ExecStartPost waits)" \
    is_state docker-simhealthy-db.service activating
  check "meanwhile web's unit has not started" test "$(started_at docker-simhealthy-web.service)" -eq 0
  check "meanwhile web's container does not exist" absent simhealthy-web
  check "web's container runs in the end" wait_until 90 "simhealthy-web running" running simhealthy-web
  check "db is healthy" is_health simhealthy-db healthy
  check "db's unit is active" is_state docker-simhealthy-db.service active
  check "web started after db's unit became active (healthy)" \
    before "$(active_at docker-simhealthy-db.service)" "$(started_at docker-simhealthy-web.service)"
  check "db's unit became active after its container started" \
    before "$(started_at docker-simhealthy-db.service)" "$(active_at docker-simhealthy-db.service)"
}
