#pragma once

// The table of khepri's commands: name, synopsis, accepted options, and the
// function that runs it. Each command lives in its own cmd_<name>.cpp; adding
// a command is one file and one row in commands.cpp.

#include <QList>
#include <QString>
#include <QStringList>

#include <utility>

namespace khepri {

struct Command;

struct CommandSpec {
    QString name;
    QString synopsis;    // for --help: "show [SOURCE] [--json]"
    QString summary;     // one line
    QStringList options; // long option names accepted (without --), besides source ones
    int maxPositional = 0;
    bool takesSource = true;
    bool needsGui = false; // run with a QApplication (else QCoreApplication)
    int (*run)(const Command &) = nullptr;
};

// Options that take a value; every other option is a flag.
const QStringList &valueOptions();
// --flake, --file, --allow-path: accepted by every command that takes a source.
const QStringList &sourceOptions();
// Whether --option takes a value: a source option or one of valueOptions().
bool optionTakesValue(const QString &option);
// The short options, each with the long name it stands for ("-o" → "output").
const QList<std::pair<QString, QString>> &shortOptions();
const QList<CommandSpec> &commandSpecs();
const CommandSpec *findCommand(const QString &name);

// Exit statuses (ARCHITECTURE.md).
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1; // the thing checked is wrong
constexpr int kExitUsage = 2;  // usage or environment errors

} // namespace khepri
