// khepri [gui] / khepri tui: the two interactive consoles.

#include <QApplication>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "compositionloader.h"
#include "mainwindow.h"
#include "terminalui.h"

namespace khepri {

int runGui(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(QStringLiteral("no source"), source.error());
    CompositionLoader loader;
    MainWindow window(loader, source.value());
    window.show();
    window.reload();
    return QApplication::exec();
}

int runTui(const Command &cmd)
{
    const auto source = resolveSource(cmd);
    if (!source)
        return failUsage(QStringLiteral("no source"), source.error());
    CompositionLoader loader;
    TerminalUi tui;
    QObject::connect(&tui, &TerminalUi::quitRequested, qApp, &QCoreApplication::quit);
    QObject::connect(&loader, &CompositionLoader::finished, &tui, [&](const LoadResult &r) {
        if (r)
            tui.setCompositions(r.value());
    });
    loader.load(source.value());
    return QCoreApplication::exec();
}

} // namespace khepri
