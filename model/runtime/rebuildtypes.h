#pragma once

// The value types of a rebuild: what to run (action, privilege), what the
// runner reports while it runs (phase, progress, log entries) and the one
// typed value it ends with (RebuildResult). Plain values, no behaviour beyond
// naming and parsing; shared by RebuildRunner, its parser, the log model and
// the front ends.

#include <optional>

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include "result.h"

namespace khepri {

// nixos-rebuild's subcommands khepri offers.
enum class RebuildAction { Switch, Test, Boot, Build, DryActivate };

// How nixos-rebuild gets the rights it needs, chosen per host.
enum class Privilege {
    Root,   // khepri already runs as root: run nixos-rebuild as is
    None,   // run as the current user without elevating (build, or remote)
    Pkexec, // desktop: polkit asks for the password
    Sudo,   // sudo -A; the password comes from `khepri askpass`
};

// Where a running rebuild is. Evaluating → (Downloading | Building)* →
// Activating → Done; Failed or Cancelled end it early.
enum class RebuildPhase {
    Idle,
    Preparing, // the preflight (saving, validating) and probing nixos-rebuild
    Evaluating,
    Building,
    Downloading,
    Activating,
    Done,
    Failed,
    Cancelled,
};

QString rebuildActionName(RebuildAction action); // "switch", "dry-activate", …
std::optional<RebuildAction> parseRebuildAction(const QString &name);
QString privilegeName(Privilege privilege); // "root", "none", "pkexec", "sudo"
std::optional<Privilege> parsePrivilege(const QString &name);
QString rebuildPhaseName(RebuildPhase phase); // for people: "building", "activating", …
// Whether the action touches the system profile or activation (and so needs
// root); only `build` does not.
bool actionNeedsPrivilege(RebuildAction action);

// Builds or downloads counted so far, as nix reports them. `expected` 0 means
// not known yet.
struct RebuildProgress {
    int done = 0;
    int expected = 0;
    int running = 0;
    int failed = 0;

    // 0..1, or -1 when nothing is expected yet.
    double fraction() const { return expected > 0 ? double(done) / double(expected) : -1.0; }
    friend bool operator==(const RebuildProgress &, const RebuildProgress &) = default;
};

// One line of the rebuild log as the user reads it.
struct RebuildLogEntry {
    enum class Severity { Info, Detail, Warning, Error };
    QString text;
    Severity severity = Severity::Info;
    QString file; // where an evaluation error points, when known
    int line = 0;
    int column = 0;
};

// The units switch-to-configuration reported (or, for dry-activate, would).
struct UnitChanges {
    QStringList stopped;
    QStringList started;
    QStringList restarted;
    QStringList reloaded;

    bool isEmpty() const
    {
        return stopped.isEmpty() && started.isEmpty() && restarted.isEmpty() && reloaded.isEmpty();
    }
    friend bool operator==(const UnitChanges &, const UnitChanges &) = default;
};

// How a rebuild ended: exactly one per started rebuild.
struct RebuildResult {
    enum class Status { Succeeded, Failed, Cancelled };
    Status status = Status::Failed;
    RebuildAction action = RebuildAction::Switch;
    int exitCode = -1; // nixos-rebuild's exit code; -1 when it never ran or crashed
    Error error;       // Failed: why (the evaluation error with its file and line, when known)
    QList<Error> diagnostics; // every error nix reported, in order
    UnitChanges units;

    bool succeeded() const { return status == Status::Succeeded; }
};

} // namespace khepri

Q_DECLARE_METATYPE(khepri::RebuildPhase)
Q_DECLARE_METATYPE(khepri::RebuildProgress)
Q_DECLARE_METATYPE(khepri::RebuildLogEntry)
Q_DECLARE_METATYPE(khepri::RebuildResult)
