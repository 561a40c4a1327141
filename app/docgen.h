#pragma once

// The khepri(1) man page and the shell completions, generated from the
// command table (commands.h) and the shared help sections (commandline.h),
// so a new command or option appears in --help, the manual and every shell
// at once. Pure: text in memory, no I/O.

#include <QString>
#include <QStringList>

namespace khepri {

// roff (man(7) macros), UTF-8 free: every character outside ASCII is
// written as a groff escape.
QString manPage(const QString &version);

// "bash", "zsh" or "fish"; an empty string for any other shell.
QString completionScript(const QString &shell);
QStringList completionShells();

// How the completions complete the value of an option: "file", "dir",
// a list of words, or nothing (free text).
struct ValueHint {
    enum class Kind { Free, File, Directory, Words } kind = Kind::Free;
    QStringList words;
};
ValueHint valueHint(const QString &option);

} // namespace khepri
