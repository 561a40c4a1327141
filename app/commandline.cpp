#include "commandline.h"

#include <QStringBuilder>

#include "commands.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error usage(const QString &message)
{
    return Error::make(ErrorCode::Usage, message, u"Run khepri --help for the usage."_s);
}

// The long name of an option as given: "-o" → "output", "--json" → "json".
QString longName(const QString &option)
{
    for (const auto &[shortName, name] : shortOptions())
        if (option == shortName)
            return name;
    return option.mid(2);
}

} // namespace

const QList<HelpSection> &helpSections()
{
    static const QList<HelpSection> sections{
        {u"SOURCE"_s,
         {{u"--flake REF#HOST"_s, u"a NixOS flake and host (default: /etc/nixos and this host)"_s},
          {u"--file PATH"_s, u"a compositions file: an attrset or a NixOS module"_s},
          {u"--allow-path DIR"_s,
           u"let a --file source read DIR too (repeatable); nix evaluates it in restricted mode: "
           u"its own directory only, no downloads, no builds, no environment variables"_s}}},
        {u"Options that reach outside systems"_s,
         {{u"--user"_s, u"the systemd user manager (as systemctl --user)"_s},
          {u"--deployed PATH"_s, u"the host's manifest (default /etc/khepri/manifest.json)"_s},
          {u"DOCKER_HOST"_s, u"the Docker or Podman API socket, as the docker CLI reads it"_s},
          {u"KHEPRI_NIXOS_REBUILD"_s, u"the nixos-rebuild executable (default: found on PATH)"_s}}},
    };
    return sections;
}

QString exitStatusText()
{
    return u"0 success, 1 the thing checked is wrong (validation errors, failed rebuild), 2 usage "
           u"or environment errors (bad arguments, nix missing, evaluation failed)."_s;
}

namespace {

// Words of `text` on lines of at most `width` characters, every line but the
// first indented by `indent` spaces.
QString wrapped(const QString &text, qsizetype width, qsizetype indent)
{
    QString out;
    qsizetype column = 0;
    const QStringList words = text.split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (column > 0 && column + 1 + word.size() > width) {
            out += u'\n' % QString(indent, u' ');
            column = 0;
        } else if (column > 0) {
            out += u' ';
            ++column;
        }
        out += word;
        column += word.size();
    }
    return out;
}

} // namespace

QString usageText()
{
    QString text =
        u"khepri — docker-compose-like compositions in NixOS, as a graph you can edit.\n\nUsage:\n"_s;
    for (const CommandSpec &spec : commandSpecs())
        text += u"  khepri " % spec.synopsis.leftJustified(44) % u' ' % spec.summary % u'\n';
    for (const HelpSection &section : helpSections()) {
        text += u'\n' % section.title % u":\n";
        for (const HelpItem &item : section.items) {
            const QString term = item.term.size() > 18 ? item.term % u'\n' % QString(21, u' ')
                                                       : item.term.leftJustified(18);
            text += u"  " % term % u' ' % wrapped(item.text, 60, 21) % u'\n';
        }
    }
    text += u"\n  -h, --help         this help        --version   the version\n\nExit status: "
            % wrapped(exitStatusText(), 66, 0) % u'\n';
    return text;
}

Result<Command> parseCommandLine(const QStringList &arguments)
{
    Command cmd;
    QStringList args = arguments.mid(1); // drop the program name
    if (!args.isEmpty() && !args.first().startsWith(u'-')) {
        cmd.name = args.takeFirst();
        if (!findCommand(cmd.name))
            return usage(u"unknown command \"" % cmd.name % u'"');
    }
    bool onlyPositional = false;
    QStringList allowedPaths;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (onlyPositional || !a.startsWith(u'-') || a == u"-") {
            cmd.positional.append(a);
            continue;
        }
        if (a == u"--") {
            onlyPositional = true;
            continue;
        }
        const qsizetype eq = a.indexOf(u'=');
        const QString option = longName(eq > 0 ? a.left(eq) : a);
        QString value;
        const bool takesValue = optionTakesValue(option);
        if (takesValue) {
            if (eq > 0)
                value = a.mid(eq + 1);
            else if (i + 1 < args.size())
                value = args.at(++i);
            else
                return usage(u"--" % option % u" needs a value");
        } else if (eq > 0) {
            return usage(u"--" % option % u" takes no value");
        }

        if (option == u"help") {
            cmd.name = u"help"_s;
        } else if (option == u"version") {
            cmd.name = u"version"_s;
        } else if (option == u"allow-path") {
            if (value.isEmpty())
                return usage(u"--allow-path needs a directory"_s);
            allowedPaths.append(value);
        } else if (option == u"file" || option == u"flake") {
            if (cmd.source)
                return usage(u"give one source: --file or --flake, once"_s);
            if (option == u"file") {
                if (value.isEmpty())
                    return usage(u"--file needs a path"_s);
                cmd.source = Source::file(value);
            } else {
                auto s = Source::flake(value);
                if (!s)
                    return s.error();
                cmd.source = s.value();
            }
        } else if (takesValue) {
            cmd.values.insert(option, value);
            cmd.lists[option].append(value);
        } else {
            cmd.flags.insert(option);
        }
    }

    if (cmd.name == u"help" || cmd.name == u"version")
        return cmd;
    const CommandSpec *spec = findCommand(cmd.name.isEmpty() ? u"gui"_s : cmd.name);
    const QString shown = cmd.name.isEmpty() ? u"khepri"_s : cmd.name;
    for (const QString &f : std::as_const(cmd.flags))
        if (!spec->options.contains(f))
            return usage(u"unknown argument \"--" % f % u"\" for " % shown);
    for (auto it = cmd.values.cbegin(); it != cmd.values.cend(); ++it)
        if (!spec->options.contains(it.key()))
            return usage(u"unknown argument \"--" % it.key() % u"\" for " % shown);
    if (cmd.source && !spec->takesSource)
        return usage(shown % u" takes no --file or --flake"_s);
    if (!allowedPaths.isEmpty()) {
        if (!spec->takesSource)
            return usage(shown % u" takes no --allow-path"_s);
        if (!cmd.source || cmd.source->kind != Source::Kind::File)
            return Error::make(
                ErrorCode::Usage, u"--allow-path applies to a --file source"_s,
                u"A flake reads only its own files and inputs (nix's pure evaluation); "
                u"pass --file PATH --allow-path DIR to let a compositions file read DIR."_s);
        cmd.source->allowedPaths = allowedPaths;
    }
    if (cmd.positional.size() > spec->maxPositional)
        return usage(u"unexpected argument \"" % cmd.positional.at(spec->maxPositional) % u"\" for "
                     % shown);
    return cmd;
}

} // namespace khepri
