#!/usr/bin/env bash
# Module evaluation cost: khepri's module against the hand-written equivalent (what
# compose2nix emits), both generated from one generator (./generate.nix) and evaluated by
# ./eval.nix with lib.evalModules over the simulated host's stand-in for NixOS and nixpkgs'
# real oci-containers.nix, forcing virtualisation.oci-containers.containers,
# systemd.services and systemd.targets to JSON.
#
# For each size, the two sides run interleaved (khepri, hand-written, khepri, …) so that a
# loaded machine slows both alike. Prints the median CPU time (user + system of
# nix-instantiate: on a loaded machine wall time mostly measures the wait for a core; it
# is printed too), the ratio khepri / hand-written, and NIX_SHOW_STATS figures at 600
# services. Asserts nothing; not part of CI.
#
#   bash bench/module/run.sh [REPETITIONS] [SIZES]     (defaults: 5, "10 100 600 1000 5000")
#
# At 5,000 services and more, at most 3 repetitions (a khepri run takes ~40 s of CPU there).
#
# nixpkgs' lib: $KHEPRI_NIXPKGS_LIB (default ../shared/nixpkgs-lib/lib beside the
# repository); oci-containers.nix: $KHEPRI_NIXOS_UPSTREAM (default ../shared/nixos-upstream).
# nix-instantiate runs with --readonly-mode: the stand-in's scripts (builtins.toFile) are
# hashed but not written to the store, so store I/O does not blur the figures.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export KHEPRI_BENCH_REPETITIONS=${1:-5}
export KHEPRI_BENCH_SIZES=${2:-10 100 600 1000 5000}
export KHEPRI_BENCH_EVAL=$here/eval.nix
export KHEPRI_NIXPKGS_LIB=${KHEPRI_NIXPKGS_LIB:-$repo/../shared/nixpkgs-lib/lib}
export KHEPRI_NIXOS_UPSTREAM=${KHEPRI_NIXOS_UPSTREAM:-$repo/../shared/nixos-upstream}
export NIX_INSTANTIATE=${NIX_INSTANTIATE:-nix-instantiate}

exec python3 - <<'PY'
import json, os, statistics, subprocess, sys, tempfile, time

repetitions = int(os.environ["KHEPRI_BENCH_REPETITIONS"])
sizes = [int(s) for s in os.environ["KHEPRI_BENCH_SIZES"].split()]
evalnix = os.environ["KHEPRI_BENCH_EVAL"]
lib = os.path.realpath(os.environ["KHEPRI_NIXPKGS_LIB"])
upstream = os.path.realpath(os.environ["KHEPRI_NIXOS_UPSTREAM"])
nix = os.environ["NIX_INSTANTIATE"]
sides = ("khepri", "handwritten")

def command(side, services):
    return [nix, "--readonly-mode", "--eval", evalnix,
            "--argstr", "nixpkgsLib", lib, "--argstr", "upstream", upstream,
            "--argstr", "side", side, "--arg", "services", str(services)]

def run(side, services, env=None):
    """(cpu seconds, wall seconds) of one evaluation."""
    start = time.perf_counter()
    p = subprocess.Popen(command(side, services), stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, env=env)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    stderr = p.stderr.read()
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        errors = [l for l in stderr.splitlines() if "nixbld" not in l]
        sys.exit(f"{side} at {services} services: evaluation failed:\n" + "\n".join(errors))
    return usage.ru_utime + usage.ru_stime, wall

def stats(side, services):
    with tempfile.TemporaryDirectory() as work:
        path = os.path.join(work, "stats.json")
        run(side, services, dict(os.environ, NIX_SHOW_STATS="1", NIX_SHOW_STATS_PATH=path))
        with open(path) as f:
            return json.load(f)

rows = []
for services in sizes:
    samples = {side: [] for side in sides}
    for _ in range(repetitions if services < 5000 else min(repetitions, 3)):
        for side in sides:
            samples[side].append(run(side, services))
    cpu = {s: statistics.median(c for c, _ in samples[s]) for s in sides}
    wall = {s: statistics.median(w for _, w in samples[s]) for s in sides}
    rows.append((services, cpu, wall))
    print(f"  {services} services done", file=sys.stderr, flush=True)

print(f"khepri module vs hand-written units: lib.evalModules, median of {repetitions} interleaved runs"
      " (at most 3 from 5,000 services)")
print(f"(nixpkgs lib: {lib})")
print()
print("| services | khepri CPU | hand-written CPU | ratio | khepri wall | hand-written wall |")
print("|---------:|-----------:|-----------------:|------:|------------:|------------------:|")
for services, cpu, wall in rows:
    print(f"| {services:8,} | {cpu['khepri']:8.2f} s | {cpu['handwritten']:14.2f} s "
          f"| {cpu['khepri'] / cpu['handwritten']:4.2f}× | {wall['khepri']:9.2f} s "
          f"| {wall['handwritten']:15.2f} s |")

at = 600
figures = {side: stats(side, at) for side in sides}
print()
print(f"NIX_SHOW_STATS at {at} services:")
print()
print("| figure          |       khepri |  hand-written | ratio |")
print("|-----------------|-------------:|--------------:|------:|")
for label, get in (
    ("function calls", lambda d: d["nrFunctionCalls"]),
    ("thunks", lambda d: d["nrThunks"]),
    ("primop calls", lambda d: d["nrPrimOpCalls"]),
    ("attr sets", lambda d: d["sets"]["number"]),
    ("values", lambda d: d["values"]["number"]),
    ("heap bytes", lambda d: d["gc"]["heapSize"] if "gc" in d else d.get("gcHeapSize", 0)),
):
    k, h = get(figures["khepri"]), get(figures["handwritten"])
    print(f"| {label:15} | {k:12,} | {h:13,} | {k / h if h else 0:4.2f}× |")
PY
