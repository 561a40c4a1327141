#pragma once

// Parses khepri's command line (ARCHITECTURE.md, "The command line") into a
// Command: which command to run, its source, options and positional
// arguments. Which options and how many positionals each command takes comes
// from the command table (commands.h). Pure: no I/O, unit-testable.

#include <QList>
#include <QMap>
#include <QSet>
#include <QString>
#include <QStringList>

#include "result.h"
#include "source.h"

namespace khepri {

struct Command {
    QString name; // "gui", "show", …; empty: choose gui or tui by the display
    std::optional<Source> source;
    QSet<QString> flags;              // "json", "user", "watch", "verbose", …
    QMap<QString, QString> values;    // "format" -> "dot", "output" -> path, … (the last given)
    QMap<QString, QStringList> lists; // every value of a repeatable option (--env-file, --profile)
    QStringList positional;

    bool flag(const QString &option) const { return flags.contains(option); }
    QString value(const QString &option, const QString &fallback = {}) const
    {
        return values.value(option, fallback);
    }
};

Result<Command> parseCommandLine(const QStringList &arguments);
QString usageText();

// The help after the command list, shared by --help and the man page.
struct HelpItem {
    QString term; // "--file PATH", "DOCKER_HOST"
    QString text;
};
struct HelpSection {
    QString title;
    QList<HelpItem> items;
};
const QList<HelpSection> &helpSections();
QString exitStatusText();

} // namespace khepri
