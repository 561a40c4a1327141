// khepri [gui] / khepri tui: the two interactive consoles.

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QStringBuilder>
#include <QTimer>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "dockerclient.h"
#include "document.h"
#include "documentloader.h"
#include "graphscene.h"
#include "graphview.h"
#include "mainwindow.h"
#include "runtimestate.h"
#include "systemdclient.h"
#include "terminalui.h"
#include "translator.h"

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
    DocumentLoader loader;
    const QString ownedFile = cmd.value(u"owned-file"_s);
    // Live state (not for screenshots, which show the Document only): the
    // declared manifest comes from the module's translator after each load,
    // the deployed one from the host; systemd or Docker being unreachable
    // leaves the states unknown and the window says why. Declared before the
    // window, so they outlive it: its docks follow their streams.
    SystemdClient systemd(cmd.flag(u"user"_s) ? SystemdClient::Bus::Session
                                              : SystemdClient::Bus::System);
    DockerClient docker;
    RuntimeState runtime(systemd, docker);
    Translator translator;
    MainWindow window(document, screenshot.isEmpty());
    const bool live = screenshot.isEmpty();
    if (live) {
        QObject::connect(
            &translator, &Translator::finished, &window, [&runtime](const Result<Translation> &r) {
                runtime.setDeclared(r ? std::optional<Manifest>(r.value().manifest) : std::nullopt);
            });
        const QString deployed = cmd.value(u"deployed"_s, u"/etc/khepri/manifest.json"_s);
        window.setRuntime(runtime, deployed);
        runtime.watchDeployed(deployed);
        runtime.start();
    }

    Source current;
    auto load = [&](const Source &s) {
        current = s;
        window.setSource(s);
        window.setBusy(QObject::tr("Evaluating %1 …").arg(s.describe()));
        loader.load(s, ownedFile);
    };
    QObject::connect(&loader, &DocumentLoader::finished, &window,
                     [&](const Result<LoadedDocument> &r) {
                         window.setBusy({});
                         if (!r) {
                             window.showLoadError(r.error());
                             return;
                         }
                         window.clearLoadError();
                         r.value().applyTo(document);
                         if (live)
                             translator.run(document.compositions());
                     });
    QObject::connect(&window, &MainWindow::openRequested, &window, [&](Source s) {
        loader.cancel();
        // A file opened from the window may read what --allow-path allowed.
        if (s.kind == Source::Kind::File && cmd.source)
            s.allowedPaths = cmd.source->allowedPaths;
        load(s);
    });
    QObject::connect(&window, &MainWindow::reloadRequested, &window, [&] { load(current); });

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
        QObject::connect(&loader, &DocumentLoader::finished, &window,
                         [&window, &document, shoot](const Result<LoadedDocument> &r) {
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
        load(source.value());
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
