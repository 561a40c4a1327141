#pragma once

// RebuildController is what the GUI, the TUI and `khepri rebuild` share about
// a rebuild; they only wire it and render it. It
//   - builds the RebuildPlan from the source, this run's choices, the choices
//     remembered per host (RebuildHostSettings) and the environment
//     (RebuildEnvironment: root, display, pkexec, sudo, nixos-rebuild);
//   - chooses the privilege: this run's, else the remembered one, else
//     defaultPrivilege();
//   - remembers the target host per host and says where a run deploys;
//   - runs the preflight before nixos-rebuild: save the attached Document's
//     unsaved edits, then validate — the attached Document's diagnostics, or,
//     with no Document (the CLI), the source loaded afresh. Validation errors
//     refuse the rebuild with Error code "validation"; nixos-rebuild never
//     starts;
//   - reports the result: finished(RebuildResult), and hostChanged() after a
//     switch or test that succeeded.
//
// Owns its RebuildRunner (views show runner()->logModel()). The Document and
// the Saver are the caller's and must outlive the controller or be detached.

#include <optional>

#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QString>

#include "rebuildcommand.h"
#include "rebuildrunner.h"
#include "rebuildsettings.h"
#include "rebuildtypes.h"
#include "result.h"
#include "source.h"

namespace khepri {

class Document;
class DocumentLoader;
class Saver;

// What a rebuild's plan depends on outside the user's choices.
struct RebuildEnvironment {
    QProcessEnvironment variables; // KHEPRI_NIXOS_REBUILD, PATH
    bool isRoot = false;
    bool hasDisplay = false; // a graphical display: pkexec can ask through its agent
    bool pkexecInstalled = false;
    bool sudoInstalled = false;

    // This process's environment.
    static RebuildEnvironment current();
};

// One run's choices; what is unset comes from the remembered settings.
struct RebuildRequest {
    RebuildAction action = RebuildAction::Switch;
    std::optional<QString> targetHost;  // a --target-host value ("local": this machine)
    bool remoteSudo = false;            // with targetHost
    std::optional<Privilege> privilege; // unset: remembered, else the default
};

class RebuildController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RebuildController)
public:
    explicit RebuildController(QObject *parent = nullptr);
    ~RebuildController() override;

    RebuildRunner *runner() const { return m_runner; }

    void setEnvironment(const RebuildEnvironment &environment);
    const RebuildEnvironment &environment() const { return m_environment; }

    // The configuration to rebuild; a new host reloads the remembered target.
    void setSource(const Source &source);
    const std::optional<Source> &source() const { return m_source; }

    // The preflight validates `document` (saving its edits first through
    // `saver` when it has any); with none, it loads the source itself.
    void attachDocument(Document *document, Saver *saver);
    // Where the console lists diagnostics, said in the refusal's hint:
    // "Fix them (<where>), then rebuild."
    void setDiagnosticsLocation(const QString &where) { m_diagnosticsLocation = where; }

    // Why a rebuild cannot start now (no flake source, one is running).
    std::optional<Error> blocker() const;

    // The remembered target host of the source's host; empty: this machine.
    QString targetHost();
    // Remembers `argument` ("local" or empty: this machine) for the host.
    void rememberTargetHost(const QString &argument);
    // Forgets the remembered target; returns what it forgot.
    QString forgetTargetHost();
    // "deploying to …" for `request`, said before the run; `howToChange` is
    // how this console changes a remembered target.
    QString targetNote(const RebuildRequest &request, const QString &howToChange);

    // The plan `request` would run; an Error when blocker() or nixos-rebuild
    // is missing.
    Result<RebuildPlan> plan(const RebuildRequest &request);
    // Plans and starts; the preflight runs first. Every start that returns
    // true ends in exactly one finished(); a false one says why.
    Result<void> start(const RebuildRequest &request);
    void cancel();
    bool isRunning() const { return m_runner->isRunning(); }

    // The refusal for validation `errors` (messages), as every console shows it.
    static Error validationError(const QStringList &errors, const QString &diagnosticsLocation);

Q_SIGNALS:
    // The preflight is saving the Document's edits.
    void saving();
    void finished(const khepri::RebuildResult &result);
    // A switch or test succeeded: what the host runs (and its manifest) changed.
    void hostChanged();

private:
    void preflight(const RebuildPreflightDone &done);
    void validateDocument(const Document &document, const RebuildPreflightDone &done) const;
    void onFinished(const RebuildResult &result);

    RebuildRunner *m_runner;
    RebuildEnvironment m_environment;
    std::optional<Source> m_source;
    std::optional<QString> m_targetHost; // loaded lazily from the settings
    QPointer<Document> m_document;
    QPointer<Saver> m_saver;
    DocumentLoader *m_loader = nullptr; // the CLI's preflight: created on first use
    QString m_diagnosticsLocation;
    // Saved when the run does not fail: this run's explicit choices.
    std::optional<RebuildHostSettings> m_pendingChoice;
};

} // namespace khepri
