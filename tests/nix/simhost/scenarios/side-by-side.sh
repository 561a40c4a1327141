# Two compositions with the same service names run side by side: their own containers,
# networks, units and compose labels.
networks_of() { docker inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' "$1"; }

run_scenario() {
  switch "$(config side-by-side.nix)"
  start khepri-simsidea.target khepri-simsideb.target
  local comp svc
  for comp in simsidea simsideb; do
    for svc in db web; do
      check "$comp-$svc runs" wait_until 60 "$comp-$svc running" running "$comp-$svc"
      check "$comp-$svc is on ${comp}_default only" test "$(networks_of "$comp-$svc")" = "${comp}_default "
      check "$comp-$svc has compose's project label $comp" \
        test "$(docker inspect --format '{{index .Config.Labels "com.docker.compose.project"}}' "$comp-$svc")" = "$comp"
      check "$comp-$svc answers as $svc on its network" \
        sh -c 'docker inspect --format "{{range .NetworkSettings.Networks}}{{.Aliases}}{{end}}" "$1" | grep -qw "$2"' - "$comp-$svc" "$svc"
    done
    check "khepri-$comp.target is active" is_state "khepri-$comp.target" active
  done
  systemctl --user stop khepri-simsidea.target
  check "stopping one composition stops its containers" \
    wait_until 60 "simsidea-web gone" absent simsidea-web
  check "the other composition keeps running" running simsideb-web
}
