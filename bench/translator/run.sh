#!/usr/bin/env bash
# Times the khepri translator (nixos/lib) on generated compositions of 10, 100 and 1,000
# services: `nix-instantiate --eval --strict` of
#   console  what the console asks for (manifest, failed assertions, warnings)
#   full     everything the module uses (containers, units, targets, too)
# for two shapes: compositions of 10 services each, and one composition holding them all.
# Prints the median of a few runs per figure; asserts nothing.
#
#   bash bench/translator/run.sh [REPETITIONS]     (default 5)
# Needs nix-instantiate ($NIX_INSTANTIATE) and python3.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export KHEPRI_BENCH_REPETITIONS=${1:-5}
export KHEPRI_BENCH_LIB=$repo/nixos/lib
export NIX_INSTANTIATE=${NIX_INSTANTIATE:-nix-instantiate}

exec python3 - <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time

repetitions = int(os.environ["KHEPRI_BENCH_REPETITIONS"])
lib = os.environ["KHEPRI_BENCH_LIB"]
nix = os.environ["NIX_INSTANTIATE"]

def service(comp_index, i, size):
    """A service using most features: networks, volumes, ports, env, healthcheck, deps."""
    s = {
        "image": f"registry.example.org/app-{i % 7}:1.{i % 13}",
        "networks": ["front", "back"] if i % 3 == 0 else ["back"],
        "volumes": [f"data{i}:/var/lib/app", "/etc/app/config.yml:/config.yml:ro"],
        "ports": [f"127.0.0.1:{10000 + comp_index * 1000 + i}:8080/tcp"],
        "environment": {"TZ": "Europe/Berlin", "WORKERS": "4", "SERVICE": f"s{i}"},
        "labels": {"com.example.tier": "backend"},
        "restart": ["unless-stopped", "on-failure:3", "always"][i % 3],
        "healthcheck": {"test": ["CMD-SHELL", "true"], "interval": "10s", "retries": 3},
        "deploy": {"resources": {"limits": {"cpus": "0.5", "memory": "256m"}}},
    }
    # a dependency chain within each group of ten, the first one healthy-gated
    if i % 10 != 0:
        s["dependsOn"] = {f"s{i - 1}": {"condition": "service_healthy" if i % 10 == 1 else "service_started"}}
    return s

def composition(comp_index, first, count):
    services = {f"s{i}": service(comp_index, i, count) for i in range(first, first + count)}
    return {
        "networks": {"front": {}, "back": {"internal": True}},
        "volumes": [f"data{i}" for i in range(first, first + count)],
        "services": services,
    }

def generate(total, shape):
    if shape == "10 per composition":
        return {f"c{c}": composition(c, 0, 10) for c in range(total // 10)}
    return {"big": composition(0, 0, total)}

def expression(path, part):
    load = f'(import {lib}).translate {{ compositions = builtins.fromJSON (builtins.readFile {path}); }}'
    if part == "console":
        return f"let r = {load}; in {{ inherit (r) manifest warnings; errors = map (a: a.message) r.assertions; }}"
    return load

def median_seconds(expr):
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        result = subprocess.run([nix, "--eval", "--strict", "--json", "-E", expr],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            errors = [l for l in result.stderr.splitlines() if "nixbld" not in l]
            sys.exit("evaluation failed:\n" + "\n".join(errors))
    return statistics.median(times)

rows = []
with tempfile.TemporaryDirectory() as work:
    baseline = median_seconds("1")
    for total in (10, 100, 1000):
        for shape in ("10 per composition", "one composition"):
            if total == 10 and shape == "one composition":
                continue
            path = os.path.join(work, f"{total}-{shape.split()[0]}.json")
            with open(path, "w") as f:
                json.dump(generate(total, shape), f)
            console = median_seconds(expression(path, "console"))
            full = median_seconds(expression(path, "full"))
            rows.append((total, shape, console, full))

print(f"khepri translator: nix-instantiate --eval --strict, median of {repetitions} runs")
print(f"(nix-instantiate evaluating `1`: {baseline * 1000:.0f} ms)")
print()
print(f"| services | shape              | console (manifest, errors, warnings) | full translation |")
print(f"|---------:|--------------------|-------------------------------------:|-----------------:|")
for total, shape, console, full in rows:
    print(f"| {total:8,} | {shape:18} | {console * 1000:33.0f} ms | {full * 1000:13.0f} ms |")
PY
