#!/usr/bin/env python3
"""Puts the simulated NixOS host's units (host.nix's output) into a systemd user manager.

    install.py install EVAL_JSON --state DIR --unit-dir DIR --docker-host URL
        writes the unit files, the .wants links and the scripts they run; prints the
        names of the units whose file is new or changed, one a line
    install.py remove --state DIR --unit-dir DIR
        removes everything install wrote

The unit files are NixOS's, with what a user manager on this machine needs instead of a
booted NixOS host (each printed once as a note):
  - multi-user.target is the user manager's default.target;
  - docker.service, docker.socket and network-online.target do not exist: the engine is
    the harness's private dockerd, reached through DOCKER_HOST (added to every service).
Everything else stays as NixOS writes it; settings this systemd does not know (RestartSteps
and RestartMaxDelaySec need systemd 254) are left in, and systemd ignores them.
"""
import argparse
import json
import os
import re
import shutil
import sys

DEPENDENCY_KEYS = ("After", "Before", "Requires", "Requisite", "Wants", "BindsTo", "PartOf",
                   "Conflicts", "Upholds", "OnFailure", "OnSuccess", "WantedBy")
ABSENT_UNITS = {"docker.service", "docker.socket", "network-online.target"}
TARGET_MAP = {"multi-user.target": "default.target"}

notes = set()


def note(text):
    if text not in notes:
        notes.add(text)
        print(f"simhost: {text}", file=sys.stderr)


def adapt(text, docker_host):
    out = []
    for line in text.split("\n"):
        key, sep, value = line.partition("=")
        if sep and key in DEPENDENCY_KEYS:
            kept = [u for u in value.split() if u not in ABSENT_UNITS]
            dropped = [u for u in value.split() if u in ABSENT_UNITS]
            if dropped:
                note(f"dropped {', '.join(sorted(set(dropped)))} from {key}= (the harness's dockerd stands in for docker.service)")
            kept = [TARGET_MAP.get(u, u) for u in kept]
            if not kept:
                continue
            line = f"{key}={' '.join(kept)}"
        if sep and key in ("RestartSteps", "RestartMaxDelaySec"):
            note(f"{key}= kept; systemd before 254 ignores it (restarts then use RestartSec only)")
        out.append(line)
        if line == "[Service]":
            out.append("Environment=" + json.dumps(f"DOCKER_HOST={docker_host}"))
    return "\n".join(out)


def scripts_in(text, state):
    pattern = re.compile(re.escape(state) + r"/pkgs/([^/\s\"']+)/bin/([^/\s\"']+)")
    return pattern.findall(text)


def install_script(state, stored, name):
    store = os.environ.get("NIX_STORE_DIR", "/nix/store")
    source = os.path.join(store, stored)
    target = os.path.join(state, "pkgs", stored, "bin", name)
    if not os.path.isfile(source):
        sys.exit(f"simhost: the script {source} is not in the Nix store; was it evaluated on this machine?")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(source, target)
    os.chmod(target, 0o755)
    return target


def load_installed(state):
    path = os.path.join(state, "installed.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    return {"units": [], "links": []}


def save_installed(state, installed):
    with open(os.path.join(state, "installed.json"), "w") as f:
        json.dump(installed, f, indent=1)


def install(args):
    with open(args.eval_json) as f:
        result = json.load(f)
    if result["assertions"]:
        sys.exit("simhost: the configuration fails its assertions:\n  " + "\n  ".join(result["assertions"]))
    os.makedirs(args.unit_dir, exist_ok=True)
    installed = load_installed(args.state)
    changed = []
    for name, text in sorted(result["units"].items()):
        for stored, script in scripts_in(text, args.state):
            install_script(args.state, stored, script)
        text = adapt(text, args.docker_host)
        path = os.path.join(args.unit_dir, name)
        old = open(path).read() if os.path.exists(path) else None
        if old != text:
            with open(path, "w") as f:
                f.write(text)
            changed.append(name)
        if name not in installed["units"]:
            installed["units"].append(name)
    # NixOS's .wants links: from wantedBy, the old ones replaced.
    for link in installed["links"]:
        if os.path.islink(link):
            os.unlink(link)
    installed["links"] = []
    for target, units in sorted(result["wants"].items()):
        target = TARGET_MAP.get(target, target)
        wants_dir = os.path.join(args.unit_dir, target + ".wants")
        os.makedirs(wants_dir, exist_ok=True)
        for unit in units:
            link = os.path.join(wants_dir, unit)
            if os.path.lexists(link):
                os.unlink(link)
            os.symlink(os.path.join(args.unit_dir, unit), link)
            installed["links"].append(link)
    # Units of an earlier configuration that this one no longer has.
    for name in list(installed["units"]):
        if name not in result["units"]:
            path = os.path.join(args.unit_dir, name)
            if os.path.exists(path):
                os.unlink(path)
            installed["units"].remove(name)
    save_installed(args.state, installed)
    for name in changed:
        print(name)


def remove(args):
    installed = load_installed(args.state)
    for link in installed["links"]:
        if os.path.lexists(link):
            os.unlink(link)
        try:
            os.rmdir(os.path.dirname(link))  # only when empty: other units' links stay
        except OSError:
            pass
    for name in installed["units"]:
        path = os.path.join(args.unit_dir, name)
        if os.path.exists(path):
            os.unlink(path)
    save_installed(args.state, {"units": [], "links": []})


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    i = sub.add_parser("install")
    i.add_argument("eval_json")
    i.add_argument("--state", required=True)
    i.add_argument("--unit-dir", required=True)
    i.add_argument("--docker-host", required=True)
    r = sub.add_parser("remove")
    r.add_argument("--state", required=True)
    r.add_argument("--unit-dir", required=True)
    args = parser.parse_args()
    if args.command == "install":
        install(args)
    else:
        remove(args)


if __name__ == "__main__":
    main()
