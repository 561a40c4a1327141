// khepri [gui] / khepri tui: the two interactive consoles.

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringBuilder>
#include <QTimer>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "consolesession.h"
#include "dockerclient.h"
#include "document.h"
#include "graphscene.h"
#include "graphview.h"
#include "mainwindow.h"
#include "runtimestate.h"
#include "systemdclient.h"
#include "terminalui.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// The service with the most connections: what a screenshot shows in the form.
EntityRef busiestService(const Document &document)
{
    EntityRef best;
    qsizetype most = -1;
    for (const Composition &c : document.compositions())
        for (const Service &s : c.services) {
            const qsizetype n = s.dependsOn().size() + s.networks().size() + s.mounts().size();
            if (n > most) {
                most = n;
                best = EntityRef::service(c.name, s.name);
            }
        }
    return best;
}

} // namespace

int runGui(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    const QString screenshot = cmd.value(u"screenshot"_s);
    if (!source && !screenshot.isEmpty())
        return failUsage(u"no source"_s, source.error());

    Document document;
    // Live state (not for screenshots, which show the Document only): the
    // session gives it the declared manifest after each load, the deployed
    // one comes from the host; systemd or Docker being unreachable leaves the
    // states unknown and the window says why. Declared before the window, so
    // they outlive it: its docks follow their streams.
    SystemdClient systemd(cmd.flag(u"user"_s) ? SystemdClient::Bus::Session
                                              : SystemdClient::Bus::System);
    DockerClient docker;
    RuntimeState runtime(systemd, docker);
    ConsoleSession session(document);
    session.setOwnedFile(cmd.value(u"owned-file"_s));
    const bool live = screenshot.isEmpty();
    session.setTranslating(live);
    MainWindow window(document, live);
    window.setSession(session);
    if (live) {
        session.setRuntime(&runtime);
        const QString deployed = cmd.value(u"deployed"_s, u"/etc/khepri/manifest.json"_s);
        window.setRuntime(runtime, deployed);
        runtime.watchDeployed(deployed);
        runtime.start();
    }

    QObject::connect(&window, &MainWindow::openRequested, &window, [&](Source s) {
        // A file opened from the window may read what --allow-path allowed.
        if (s.kind == Source::Kind::File && cmd.source)
            s.allowedPaths = cmd.source->allowedPaths;
        session.load(s);
    });
    QObject::connect(&window, &MainWindow::reloadRequested, &session, &ConsoleSession::reload);

    if (!screenshot.isEmpty()) {
        // Render once loaded and laid out, then leave.
        window.resize(1600, 1000);
        auto shoot = [&window, screenshot](int status) {
            QTimer::singleShot(400, &window, [&window, screenshot, status] {
                window.graphView()->fitAll();
                QTimer::singleShot(200, &window, [&window, screenshot, status] {
                    const bool saved = window.grab().save(screenshot);
                    if (!saved)
                        printErr(u"khepri: cannot write "_s + screenshot + u'\n');
                    QCoreApplication::exit(saved ? status : kExitUsage);
                });
            });
        };
        QObject::connect(&session, &ConsoleSession::loadFinished, &window,
                         [&window, &document, shoot](const Result<void> &r) {
                             if (!r) {
                                 shoot(kExitUsage);
                                 return;
                             }
                             window.selectEntity(busiestService(document));
                             if (!window.graphScene()->isLayoutPending())
                                 shoot(kExitOk);
                             else
                                 QObject::connect(
                                     window.graphScene(), &GraphScene::layoutFinished, &window,
                                     [shoot] { shoot(kExitOk); }, Qt::SingleShotConnection);
                         });
    }

    window.show();
    if (source)
        session.load(source.value());
    return QApplication::exec();
}

int runTui(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(QStringLiteral("no source"), source.error());
    TerminalUiOptions options;
    options.source = source.value();
    options.userBus = cmd.flag(u"user"_s);
    options.deployedPath = cmd.value(u"deployed"_s, u"/etc/khepri/manifest.json"_s);
    TerminalUi tui(options);
    QObject::connect(&tui, &TerminalUi::quitRequested, qApp, &QCoreApplication::quit,
                     Qt::QueuedConnection);
    if (const auto started = tui.start(); !started)
        return failUsage(u"cannot start the terminal console"_s, started.error());
    return QCoreApplication::exec();
}

} // namespace khepri
