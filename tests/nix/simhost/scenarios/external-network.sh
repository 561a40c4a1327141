# An external network created by another composition: starting only the composition that
# uses it creates the network first (the using container requires and orders after the
# creating composition's network unit). An external network no composition creates gets a
# clear warning at evaluation.
run_scenario() {
  switch "$(config external-network.nix)"
  check "evaluation warns about the external network nowhere, which no composition creates" \
    sh -c 'grep -q "khepri.compositions.simextlost.networks.nowhere: external network \"nowhere\" is created by no composition" "$1"' - <(warnings)
  check "no warning about simext_shared (simextprov creates it)" \
    sh -c '! grep -q "simext_shared\" is created by no composition" "$1"' - <(warnings)
  check "no network exists before the start" sh -c '! docker network inspect simext_shared >/dev/null 2>&1'

  start khepri-simextuse.target
  check "app runs" wait_until 60 "simextuse-app running" running simextuse-app
  check "app is on simext_shared" \
    test "$(docker inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}}{{end}}' simextuse-app)" = simext_shared
  check "the providing composition's network unit is active" \
    is_state docker-network-simext_shared.service active
  check "the network was created before app started" \
    before "$(active_at docker-network-simext_shared.service)" "$(started_at docker-simextuse-app.service)"
  check "the network carries the providing composition's label" \
    test "$(docker network inspect --format '{{index .Labels "io.khepri.composition"}}' simext_shared)" = simextprov
}
