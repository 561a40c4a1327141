#include "commandline.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error usage(const QString &message)
{
    return Error{u"usage"_s, message, u"Run khepri --help for the usage."_s, {}, 0, 0};
}

} // namespace

QString usageText()
{
    return u"Usage:\n"
           u"  khepri [gui] [SOURCE]            desktop console (default with a display)\n"
           u"  khepri tui [SOURCE]              terminal console (default without a display)\n"
           u"  khepri show [SOURCE] [--json]    compositions as evaluated\n"
           u"\n"
           u"SOURCE:\n"
           u"  --flake REF#HOST   a NixOS flake and host (default: /etc/nixos and this host)\n"
           u"  --file PATH        a compositions file: an attrset or a NixOS module\n"
           u"\n"
           u"Options:\n"
           u"  --json             machine-readable output (show)\n"
           u"  -h, --help         this help\n"
           u"  --version          the version\n"
           u"\n"
           u"Exit status: 0 success, 1 the thing checked is wrong, 2 usage or environment errors\n"
           u"(bad arguments, nix missing, evaluation failed).\n"_s;
}

Result<Command> parseCommandLine(const QStringList &arguments)
{
    Command cmd;
    QStringList args = arguments.mid(1); // drop the program name
    if (!args.isEmpty() && !args.first().startsWith(u'-')) {
        const QString name = args.takeFirst();
        cmd.explicitKind = true;
        if (name == u"gui")
            cmd.kind = Command::Kind::Gui;
        else if (name == u"tui")
            cmd.kind = Command::Kind::Tui;
        else if (name == u"show")
            cmd.kind = Command::Kind::Show;
        else if (name == u"help")
            cmd.kind = Command::Kind::Help;
        else
            return usage(u"unknown command \"" % name % u'"');
    }
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        auto value = [&](const QString &option) -> Result<QString> {
            const qsizetype eq = a.indexOf(u'=');
            if (eq > 0)
                return a.mid(eq + 1);
            if (i + 1 >= args.size())
                return usage(option % u" needs a value");
            return args.at(++i);
        };
        if (a == u"-h" || a == u"--help") {
            cmd.kind = Command::Kind::Help;
            cmd.explicitKind = true;
        } else if (a == u"--version") {
            cmd.kind = Command::Kind::Version;
            cmd.explicitKind = true;
        } else if (a == u"--json") {
            cmd.json = true;
        } else if (a == u"--file" || a.startsWith(u"--file=")) {
            auto v = value(u"--file"_s);
            if (!v)
                return v.error();
            if (cmd.source)
                return usage(u"give one source: --file or --flake, once"_s);
            cmd.source = Source::file(v.value());
        } else if (a == u"--flake" || a.startsWith(u"--flake=")) {
            auto v = value(u"--flake"_s);
            if (!v)
                return v.error();
            if (cmd.source)
                return usage(u"give one source: --file or --flake, once"_s);
            auto s = Source::flake(v.value());
            if (!s)
                return s.error();
            cmd.source = s.value();
        } else {
            return usage(u"unknown argument \"" % a % u'"');
        }
    }
    if (cmd.json && cmd.kind != Command::Kind::Show)
        return usage(u"--json is an option of show"_s);
    return cmd;
}

} // namespace khepri
