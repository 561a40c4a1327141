#pragma once

// RebuildPlan says what to rebuild and how to get the rights for it;
// buildRebuildCommand turns it into the exact program, argument vector and
// extra environment of the nixos-rebuild process. Pure: no I/O, so every
// privilege mode is unit-tested argument by argument. No shell is involved
// anywhere, and no secret ever appears here: passwords reach sudo and ssh
// only as the answer of the askpass helper.

#include <optional>
#include <utility>

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include "rebuildtypes.h"
#include "result.h"
#include "source.h"

namespace khepri {

// What the installed nixos-rebuild understands, read from its --help.
struct NixosRebuildFeatures {
    enum class RemoteSudoFlag { UseRemoteSudo, Sudo };
    // `--use-remote-sudo` (bash nixos-rebuild) or `--sudo` (nixos-rebuild-ng).
    RemoteSudoFlag remoteSudoFlag = RemoteSudoFlag::UseRemoteSudo;
    bool askSudoPassword = false; // --ask-sudo-password exists
    bool logFormat = false;       // --log-format exists: nix's structured log is available
};

NixosRebuildFeatures parseNixosRebuildHelp(const QString &helpText);

struct RebuildPlan {
    RebuildAction action = RebuildAction::Switch;
    Source source; // a flake: REF#HOST
    Privilege privilege = Privilege::Root;
    QString targetHost;      // HOST or USER@HOST; empty: this machine
    bool remoteSudo = false; // elevate with sudo on the target host
    // nixos-rebuild's absolute path; empty: findNixosRebuild() at start.
    QString nixosRebuild;
    // `nix --log-format internal-json`; unset: when nixos-rebuild supports it.
    std::optional<bool> structuredLog;
    // The khepri executable the askpass helper runs; empty: this program.
    QString khepriProgram;
    // This machine's name, for the sudo credential key; empty: QSysInfo's.
    QString localHostName;

    // Filled in by RebuildRunner for one run.
    QString askpassHelper;   // the helper script sudo -A and ssh run
    QString askpassStateDir; // KHEPRI_ASKPASS_STATE
};

struct RebuildCommand {
    QString program;
    QStringList arguments;
    QList<std::pair<QString, QString>> environment; // set in the child on top of ours
    bool structuredLog = false;
    bool needsAskpass = false; // sudo -A or ssh may run the askpass helper
};

// Checks the plan (a flake source, a valid target host) and builds the
// command. `features` are those of plan.nixosRebuild.
Result<RebuildCommand> buildRebuildCommand(const RebuildPlan &plan,
                                           const NixosRebuildFeatures &features);

// KHEPRI_NIXOS_REBUILD when set, else nixos-rebuild on PATH; an absolute path.
Result<QString> findNixosRebuild(const QProcessEnvironment &environment);

// The privilege to use when the user has not chosen one for the host.
Privilege defaultPrivilege(RebuildAction action, bool remote, bool isRoot, bool hasDisplay,
                           bool pkexecInstalled, bool sudoInstalled);

} // namespace khepri
