#include "docgen.h"

#include <QStringBuilder>

#include "commandline.h"
#include "commands.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

const QStringList kRebuildActions{u"switch"_s, u"test"_s, u"boot"_s, u"build"_s, u"dry-activate"_s};

QString shortOption(const QString &option)
{
    for (const auto &[shortName, name] : shortOptions())
        if (option == name)
            return shortName;
    return {};
}

// Every long option a command accepts, the source options included.
QStringList optionsOf(const CommandSpec &spec)
{
    QStringList options = spec.options;
    if (spec.takesSource)
        options << sourceOptions();
    options << u"help"_s;
    return options;
}

// What `khepri --OPTION` accepts without a command: the default command's
// options, and --version.
QStringList topLevelOptions()
{
    return optionsOf(*findCommand(u"gui"_s)) << u"version"_s;
}

// What the positional arguments of a command are.
ValueHint positionalHint(const CommandSpec &spec)
{
    if (spec.name == u"rebuild")
        return {ValueHint::Kind::Words, kRebuildActions};
    if (spec.name == u"completion")
        return {ValueHint::Kind::Words, completionShells()};
    if (spec.name == u"import")
        return {ValueHint::Kind::File, {}};
    return {};
}

// The summary's first clause: shell completion menus show one short line.
QString shortSummary(const QString &summary)
{
    qsizetype end = summary.size();
    for (const QChar stop : {u';', u'('})
        if (const qsizetype at = summary.indexOf(stop); at > 0)
            end = std::min(end, at);
    return summary.left(end).trimmed();
}

// ---- roff ----

QString roffText(const QString &text)
{
    QString out;
    for (const QChar c : text) {
        if (c == u'\\')
            out += u"\\e";
        else if (c == u'-')
            out += u"\\-";
        else if (c.unicode() < 0x80)
            out += c;
        else
            out +=
                u"\\[u" % QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0') % u']';
    }
    // A line that starts with a control character would be read as a request.
    if (out.startsWith(u'.') || out.startsWith(u'\''))
        out.prepend(u"\\&"_s);
    return out;
}

QString roffOptionList(const QStringList &options)
{
    QStringList shown;
    for (const QString &option : options) {
        const QString s = shortOption(option);
        shown << (s.isEmpty() ? QString() : roffText(s) % u", ") % u"\\fB"
                     % roffText(u"--" % option) % u"\\fR";
    }
    return shown.join(u", ");
}

// ---- shells ----

QString shellWords(const QStringList &words)
{
    return words.join(u' ');
}

QString bashValueCase()
{
    QStringList files, dirs, free;
    QString words;
    const QStringList all = valueOptions() + sourceOptions();
    for (const QString &option : std::as_const(all)) {
        const ValueHint hint = valueHint(option);
        QString pattern = u"--" % option;
        if (const QString s = shortOption(option); !s.isEmpty())
            pattern += u'|' % s;
        switch (hint.kind) {
        case ValueHint::Kind::File:
            files << pattern;
            break;
        case ValueHint::Kind::Directory:
            dirs << pattern;
            break;
        case ValueHint::Kind::Free:
            free << pattern;
            break;
        case ValueHint::Kind::Words:
            words += u"    " % pattern % u") COMPREPLY=($(compgen -W \"" % shellWords(hint.words)
                     % u"\" -- \"$cur\")); return ;;\n";
            break;
        }
    }
    QString out;
    if (!files.isEmpty())
        out += u"    " % files.join(u'|')
               % u") compopt -o filenames 2>/dev/null; "
                 u"COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
    if (!dirs.isEmpty())
        out += u"    " % dirs.join(u'|')
               % u") compopt -o filenames 2>/dev/null; "
                 u"COMPREPLY=($(compgen -d -- \"$cur\")); return ;;\n";
    out += words;
    if (!free.isEmpty())
        out += u"    " % free.join(u'|') % u") return ;;\n";
    return out;
}

QString bashScript()
{
    QStringList names;
    QString optionCases, positionalCases;
    for (const CommandSpec &spec : commandSpecs()) {
        names << spec.name;
        QStringList options;
        for (const QString &option : optionsOf(spec))
            options << u"--" % option;
        optionCases += u"    " % spec.name % u") opts=\"" % options.join(u' ') % u"\" ;;\n";
        const ValueHint hint = positionalHint(spec);
        if (hint.kind == ValueHint::Kind::Words)
            positionalCases += u"    " % spec.name % u") COMPREPLY=($(compgen -W \""
                               % shellWords(hint.words) % u"\" -- \"$cur\")) ;;\n";
        else if (hint.kind == ValueHint::Kind::File)
            positionalCases += u"    " % spec.name
                               % u") compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "
                                 u"\"$cur\")) ;;\n";
    }
    QStringList topLevel;
    for (const QString &option : topLevelOptions())
        topLevel << u"--" % option;
    return u"# bash completion for khepri. Generated by `khepri completion bash` from khepri's\n"
           u"# command table: do not edit.\n"
           u"_khepri()\n{\n"
           u"  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           u"  local cmd= opts\n"
           u"  COMPREPLY=()\n"
           u"  if ((COMP_CWORD > 1)) && [[ ${COMP_WORDS[1]} != -* ]]; then cmd=${COMP_WORDS[1]}; "
           u"fi\n"
           u"  case $prev in\n"
           % bashValueCase()
           % u"  esac\n"
             u"  if ((COMP_CWORD == 1)) && [[ $cur != -* ]]; then\n"
             u"    COMPREPLY=($(compgen -W \""
           % shellWords(names)
           % u"\" -- \"$cur\"))\n"
             u"    return\n"
             u"  fi\n"
             u"  case $cmd in\n"
           % optionCases % u"    *) opts=\"" % topLevel.join(u' ')
           % u"\" ;;\n"
             u"  esac\n"
             u"  if [[ $cur == -* ]]; then\n"
             u"    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
             u"    return\n"
             u"  fi\n"
             u"  case $cmd in\n"
           % positionalCases
           % u"  esac\n"
             u"}\n"
             u"complete -F _khepri khepri\n";
}

QString zshQuote(const QString &text)
{
    QString out = text;
    out.replace(u'\'', u"'\\''"_s);
    out.replace(u'[', u"\\["_s);
    out.replace(u']', u"\\]"_s);
    out.replace(u':', u"\\:"_s);
    return out;
}

QString zshAction(const ValueHint &hint)
{
    switch (hint.kind) {
    case ValueHint::Kind::File:
        return u"_files"_s;
    case ValueHint::Kind::Directory:
        return u"_files -/"_s;
    case ValueHint::Kind::Words:
        return u"(" % shellWords(hint.words) % u")";
    case ValueHint::Kind::Free:
        break;
    }
    return u" "_s;
}

// _arguments specs, one per line, each ending in a line continuation.
QString zshOptionSpecs(const QStringList &options, const ValueHint &positional)
{
    QString out;
    const auto spec = [&out](const QString &text) { out += u"      '" % text % u"' \\\n"; };
    for (const QString &option : options) {
        const QString s = shortOption(option);
        if (!optionTakesValue(option)) {
            spec(u"--" % option);
            if (!s.isEmpty())
                spec(s);
            continue;
        }
        const QString argument = u"[" % zshQuote(option) % u"]:" % zshQuote(option) % u':'
                                 % zshQuote(zshAction(valueHint(option)));
        spec(u"--" % option % u'=' % argument);
        if (!s.isEmpty())
            spec(s % u'+' % argument);
    }
    if (positional.kind != ValueHint::Kind::Free)
        spec(u"*:argument:" % zshQuote(zshAction(positional)));
    return out;
}

QString zshScript()
{
    QString commands, cases;
    for (const CommandSpec &spec : commandSpecs()) {
        commands += u"    '" % spec.name % u':' % zshQuote(shortSummary(spec.summary)) % u"'\n";
        cases += u"    " % spec.name % u")\n      _arguments -s \\\n"
                 % zshOptionSpecs(optionsOf(spec), positionalHint(spec)) % u"      ;;\n";
    }
    return u"#compdef khepri\n"
           u"# zsh completion for khepri. Generated by `khepri completion zsh` from khepri's\n"
           u"# command table: do not edit.\n"
           u"_khepri() {\n"
           u"  local -a commands\n"
           u"  commands=(\n"
           % commands
           % u"  )\n"
             u"  if (( CURRENT == 2 )) && [[ $words[2] != -* ]]; then\n"
             u"    _describe -t commands 'khepri command' commands\n"
             u"    return\n"
             u"  fi\n"
             u"  local cmd=$words[2]\n"
             u"  if [[ $cmd == -* ]]; then\n"
             u"    _arguments -s \\\n"
           % zshOptionSpecs(topLevelOptions(), {})
           % u"      ;\n"
             u"    return\n"
             u"  fi\n"
             u"  shift words\n"
             u"  (( CURRENT-- ))\n"
             u"  case $cmd in\n"
           % cases
           % u"  esac\n"
             u"}\n"
             u"_khepri \"$@\"\n";
}

QString fishQuote(const QString &text)
{
    QString out = text;
    out.replace(u'\\', u"\\\\"_s);
    out.replace(u'\'', u"\\'"_s);
    return u'\'' % out % u'\'';
}

QString fishScript()
{
    QStringList names;
    for (const CommandSpec &spec : commandSpecs())
        names << spec.name;
    QString out = u"# fish completion for khepri. Generated by `khepri completion fish` from "
                  u"khepri's\n# command table: do not edit.\n"
                  u"complete -c khepri -f\n"
                  u"complete -c khepri -n '__fish_use_subcommand' -l version -d 'the version'\n"_s;
    for (const CommandSpec &spec : commandSpecs())
        out += u"complete -c khepri -n '__fish_use_subcommand' -a " % spec.name % u" -d "
               % fishQuote(shortSummary(spec.summary)) % u'\n';
    for (const CommandSpec &spec : commandSpecs()) {
        const QString when = u"-n '__fish_seen_subcommand_from " % spec.name % u"'";
        for (const QString &option : optionsOf(spec)) {
            QString line = u"complete -c khepri " % when % u" -l " % option;
            if (const QString s = shortOption(option); !s.isEmpty())
                line += u" -s " % s.mid(1);
            if (optionTakesValue(option)) {
                const ValueHint hint = valueHint(option);
                switch (hint.kind) {
                case ValueHint::Kind::File:
                    line += u" -r -F";
                    break;
                case ValueHint::Kind::Directory:
                    line += u" -x -a '(__fish_complete_directories)'";
                    break;
                case ValueHint::Kind::Words:
                    line += u" -x -a " % fishQuote(shellWords(hint.words));
                    break;
                case ValueHint::Kind::Free:
                    line += u" -x";
                    break;
                }
            }
            out += line % u'\n';
        }
        const ValueHint positional = positionalHint(spec);
        if (positional.kind == ValueHint::Kind::Words)
            out += u"complete -c khepri " % when % u" -a " % fishQuote(shellWords(positional.words))
                   % u'\n';
        else if (positional.kind == ValueHint::Kind::File)
            out += u"complete -c khepri " % when % u" -F\n";
    }
    return out;
}

} // namespace

QStringList completionShells()
{
    return {u"bash"_s, u"zsh"_s, u"fish"_s};
}

ValueHint valueHint(const QString &option)
{
    static const QStringList files{u"file"_s,     u"output"_s,     u"owned-file"_s, u"deployed"_s,
                                   u"manifest"_s, u"screenshot"_s, u"env-file"_s};
    static const QStringList dirs{u"allow-path"_s, u"secrets-to"_s};
    if (files.contains(option))
        return {ValueHint::Kind::File, {}};
    if (dirs.contains(option))
        return {ValueHint::Kind::Directory, {}};
    if (option == u"format")
        return {ValueHint::Kind::Words, {u"dot"_s, u"json"_s}};
    if (option == u"privilege")
        return {ValueHint::Kind::Words, {u"root"_s, u"pkexec"_s, u"sudo"_s, u"none"_s}};
    return {};
}

QString completionScript(const QString &shell)
{
    if (shell == u"bash")
        return bashScript();
    if (shell == u"zsh")
        return zshScript();
    if (shell == u"fish")
        return fishScript();
    return {};
}

QString manPage(const QString &version)
{
    QString out = u".\\\" khepri(1). Generated by `khepri manpage` from khepri's command table: do "
                  u"not edit.\n"
                  u".TH KHEPRI 1 \"\" \"khepri "
                  % roffText(version)
                  % u"\" \"User Commands\"\n"
                    u".SH NAME\n"
                    u"khepri \\- docker\\-compose\\-like compositions in NixOS, as a graph you can "
                    u"edit\n"
                    u".SH SYNOPSIS\n"
                    u".B khepri\n"
                    u"[\\fICOMMAND\\fR] [\\fISOURCE\\fR] [\\fIOPTIONS\\fR]\n"
                    u".SH DESCRIPTION\n"
                    u"khepri reads the compositions a NixOS configuration declares with the khepri "
                    u"module (\\fBkhepri.compositions.\\fR\\fIname\\fR), draws their services, "
                    u"networks and volumes as a dependency graph, edits them, writes them back to "
                    u"a file it owns, rebuilds the system, and shows the live state from systemd "
                    u"and the container engine.\n"
                    u".PP\n"
                    u"Without a command, khepri opens the desktop console when a display is "
                    u"available and the terminal console otherwise.\n"
                    u".SH COMMANDS\n";
    for (const CommandSpec &spec : commandSpecs()) {
        out +=
            u".TP\n.B khepri " % roffText(spec.synopsis) % u'\n' % roffText(spec.summary) % u".\n";
        if (!spec.options.isEmpty())
            out += u".br\nOptions: " % roffOptionList(spec.options) % u".\n";
    }
    for (const HelpSection &section : helpSections()) {
        out += u".SH " % roffText(section.title.toUpper()) % u'\n';
        for (const HelpItem &item : section.items)
            out += u".TP\n.B " % roffText(item.term) % u'\n' % roffText(item.text) % u'\n';
    }
    out += u".SH EXIT STATUS\n" % roffText(exitStatusText())
           % u"\n"
             u".SH FILES\n"
             u".TP\n.I /etc/khepri/manifest.json\n"
             u"What the khepri module deployed on this host: compositions, units and containers.\n"
             u".SH SEE ALSO\n"
             u".BR nixos\\-rebuild (8),\n.BR systemctl (1),\n.BR docker (1),\n.BR podman (1)\n";
    return out;
}

} // namespace khepri
