// khepri: chooses the front end or command from the command line and wires
// the objects together. No domain logic lives here.

#include <cstdio>
#include <memory>

#include <QApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTimer>

#include "commandline.h"
#include "compositionloader.h"
#include "mainwindow.h"
#include "report.h"
#include "terminalui.h"

using namespace khepri;

namespace {

constexpr int kExitUsage = 2;

void print(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
           || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
           || qEnvironmentVariable("QT_QPA_PLATFORM") == u"offscreen";
}

Result<Source> resolveSource(const Command &cmd)
{
    if (cmd.source)
        return *cmd.source;
    if (QFileInfo::exists(QStringLiteral("/etc/nixos/flake.nix")))
        return Source::flake(QString());
    return Error{QStringLiteral("usage"),
                 QStringLiteral("no source given and /etc/nixos/flake.nix does not exist"),
                 QStringLiteral("Pass --flake REF#HOST or --file PATH."),
                 {},
                 0,
                 0};
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto parsed = parseCommandLine(arguments);
    if (!parsed) {
        print(stderr, u"khepri: " + parsed.error().toString() + u'\n');
        return kExitUsage;
    }
    Command cmd = parsed.value();
    if (cmd.kind == Command::Kind::Help) {
        print(stdout, usageText());
        return 0;
    }
    if (cmd.kind == Command::Kind::Version) {
        print(stdout, QStringLiteral("khepri " KHEPRI_VERSION "\n"));
        return 0;
    }
    if (!cmd.explicitKind)
        cmd.kind = hasDisplay() ? Command::Kind::Gui : Command::Kind::Tui;

    const auto source = resolveSource(cmd);
    if (!source) {
        print(stderr, u"khepri: " + source.error().toString() + u'\n');
        return kExitUsage;
    }

    std::unique_ptr<QCoreApplication> app;
    if (cmd.kind == Command::Kind::Gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("khepri"));
    QCoreApplication::setApplicationName(QStringLiteral("khepri"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KHEPRI_VERSION));

    CompositionLoader loader;
    int exitCode = 0;

    switch (cmd.kind) {
    case Command::Kind::Show:
        QObject::connect(
            &loader, &CompositionLoader::finished, app.get(), [&](const LoadResult &r) {
                if (!r) {
                    print(stderr, u"khepri: cannot load " + source.value().describe() + u":\n"
                                      + r.error().toString() + u'\n');
                    exitCode = kExitUsage;
                } else if (cmd.json) {
                    print(stdout, QString::fromUtf8(QJsonDocument(compositionsReportJson(r.value()))
                                                        .toJson(QJsonDocument::Indented)));
                } else {
                    print(stdout, formatCompositionsTable(r.value()));
                }
                QCoreApplication::exit(exitCode);
            });
        loader.load(source.value());
        QCoreApplication::exec();
        return exitCode;
    case Command::Kind::Gui: {
        MainWindow window(loader, source.value());
        window.show();
        window.reload();
        return QCoreApplication::exec();
    }
    case Command::Kind::Tui: {
        TerminalUi tui;
        QObject::connect(&tui, &TerminalUi::quitRequested, app.get(), &QCoreApplication::quit);
        QObject::connect(&loader, &CompositionLoader::finished, &tui, [&](const LoadResult &r) {
            if (r)
                tui.setCompositions(r.value());
        });
        loader.load(source.value());
        return QCoreApplication::exec();
    }
    case Command::Kind::Help:
    case Command::Kind::Version:
        break;
    }
    return 0;
}
