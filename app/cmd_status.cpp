// khepri status [SOURCE] [--json] [--watch]: the live state of the
// compositions — systemd and Docker joined with what the flake declares and
// what the host deployed (RuntimeState). --watch redraws on every change and
// does nothing in between; Ctrl-C ends it. Without --watch the exit status
// is 2 when systemd or Docker could not be read.

#include <csignal>
#include <optional>

#include <QCoreApplication>
#include <QJsonDocument>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "dockerclient.h"
#include "livereport.h"
#include "manifest.h"
#include "runtimestate.h"
#include "systemdclient.h"
#include "translator.h"
#include "unixsignalnotifier.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Ctrl-C and SIGTERM end the event loop instead of the process, so that
// output is complete and the terminal is left clean.
void quitOnSignals(QObject *context)
{
    auto *notifier = new UnixSignalNotifier({SIGINT, SIGTERM}, context);
    QObject::connect(notifier, &UnixSignalNotifier::received, context,
                     [] { QCoreApplication::quit(); });
}

} // namespace

Result<Translation> translate(const QList<Composition> &compositions); // cmd_validate.cpp

int runStatus(const Command &cmd)
{
    std::optional<Manifest> declared;
    if (cmd.values.contains(u"manifest"_s)) {
        Result<Manifest> m = Manifest::load(cmd.value(u"manifest"_s));
        if (!m)
            return failUsage(u"cannot read the declared manifest"_s, m.error());
        declared = std::move(m).value();
    } else if (cmd.source) {
        // What SOURCE declares, named exactly as the module names it: the
        // module's translator computes the manifest.
        const auto loaded = loadCompositions(*cmd.source);
        if (!loaded)
            return failUsage(u"cannot load "_s + cmd.source->describe(), loaded.error());
        const auto translation = translate(loaded.value());
        if (!translation)
            return failUsage(u"the khepri translator failed on "_s + cmd.source->describe(),
                             translation.error());
        declared = translation.value().manifest;
    }

    const bool json = cmd.flag(u"json"_s);
    const bool watch = cmd.flag(u"watch"_s);
    SystemdClient systemd(cmd.flag(u"user"_s) ? SystemdClient::Bus::Session
                                              : SystemdClient::Bus::System);
    DockerClient docker;
    RuntimeState state(systemd, docker);
    state.setDeclared(declared);
    state.watchDeployed(cmd.value(u"deployed"_s, u"/etc/khepri/manifest.json"_s));

    const bool tty = ::isatty(STDOUT_FILENO) == 1;
    auto render = [&]() -> QString {
        if (json)
            return QString::fromUtf8(
                       QJsonDocument(liveStateJson(state))
                           .toJson(watch ? QJsonDocument::Compact : QJsonDocument::Indented))
                   + (watch ? u"\n"_s : QString());
        return formatLiveTable(state);
    };

    if (!watch) {
        QObject::connect(&state, &RuntimeState::syncChanged, qApp, [](bool synced) {
            if (synced)
                QCoreApplication::quit();
        });
        state.start();
        if (!state.isSynced())
            QCoreApplication::exec();
        printOut(render());
        // The report is incomplete when systemd or Docker could not be read
        // (a stalled engine ends in docker-timeout, it does not hang):
        // the warnings above say why; the exit status says so to scripts.
        if (!state.dockerKnown() || !state.systemdKnown())
            return kExitUsage;
        return kExitOk;
    }

    // Watch: one redraw per burst of changes, queued; nothing runs while
    // nothing changes.
    bool redrawQueued = false;
    QString last;
    auto redraw = [&] {
        redrawQueued = false;
        if (!state.isSynced())
            return;
        const QString text = render();
        if (text == last)
            return;
        last = text;
        if (json)
            printOut(text);
        else if (tty)
            printOut(u"\x1b[H\x1b[2J"_s + text);
        else
            printOut(text + u'\n');
    };
    auto queueRedraw = [&] {
        if (redrawQueued)
            return;
        redrawQueued = true;
        QMetaObject::invokeMethod(&state, redraw, Qt::QueuedConnection);
    };
    QObject::connect(&state, &RuntimeState::itemChanged, &state, queueRedraw);
    QObject::connect(&state, &RuntimeState::reset, &state, queueRedraw);
    QObject::connect(&state, &RuntimeState::problemsChanged, &state, queueRedraw);
    QObject::connect(&state, &RuntimeState::syncChanged, &state, queueRedraw);
    quitOnSignals(&state);
    state.start();
    QCoreApplication::exec();
    return kExitOk;
}

} // namespace khepri
