# The README example comes up on a fresh host: starting both compositions' targets creates
# the networks and volumes before the containers that use them, every container runs, the
# targets are active, and evaluation gives no warning.
units_of() { "$python" -c '
import json, sys
r = json.load(open(sys.argv[1]))
for n in sorted(r["units"]):
    if n.endswith(".service"): print(n[:-len(".service")])
' "$state/eval.json"; }

run_scenario() {
  switch "$(config readme.nix)"
  check "no warning about an external network (caddy creates proxy_net)" \
    sh -c '! grep -q "external network" "$1"' - <(warnings)
  start khepri-caddy.target khepri-paperless.target
  local containers=(caddy-caddy paperless-broker paperless-db paperless-tika paperless-gotenberg paperless_web)
  local c
  for c in "${containers[@]}"; do
    check "container $c runs" wait_until 90 "$c running" running "$c"
  done
  check "target khepri-caddy.target is active" is_state khepri-caddy.target active
  check "target khepri-paperless.target is active" is_state khepri-paperless.target active
  for u in $(units_of); do
    check "unit $u is active" wait_until 30 "$u active" is_state "$u.service" active
  done
  local web_start caddy_start
  web_start=$(started_at docker-paperless_web.service)
  caddy_start=$(started_at docker-caddy-caddy.service)
  for u in docker-network-paperless_paperless docker-network-proxy_net docker-volume-paperless_data docker-volume-paperless_documents; do
    check "$u was active before paperless_web started" before "$(active_at "$u.service")" "$web_start"
  done
  for u in docker-network-proxy_net docker-volume-caddy_caddy_data; do
    check "$u was active before caddy started" before "$(active_at "$u.service")" "$caddy_start"
  done
  for d in broker db tika gotenberg; do
    check "paperless_web started after paperless-$d's unit was active" \
      before "$(active_at "docker-paperless-$d.service")" "$web_start"
  done
  local web_networks="paperless_paperless proxy_net "
  if [[ ${docker_version%%.*} -lt 25 ]]; then
    echo "NOT RUN here: paperless_web on two networks (paperless_paperless, proxy_net) needs Docker >= 25, dockerd here is $docker_version; it joins paperless_paperless only"
    web_networks="paperless_paperless "
  fi
  check "paperless_web is on ${web_networks% }" \
    test "$(docker inspect --format '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' paperless_web)" = "$web_networks"
  check "caddy's volume caddy_caddy_data is mounted at /data" \
    test "$(docker inspect --format '{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}' caddy-caddy)" = "caddy_caddy_data:/data "
}
