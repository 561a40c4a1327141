// khepri completion bash|zsh|fish [-o FILE] and khepri manpage [-o FILE]:
// the shell completions and the khepri(1) man page, generated from the
// command table (docgen.h). The build runs both to install them.

#include <QCoreApplication>
#include <QSaveFile>

#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "docgen.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

int emit(const Command &cmd, const QString &text)
{
    const QString path = cmd.value(u"output"_s);
    if (path.isEmpty()) {
        printOut(text);
        return kExitOk;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        printErr(u"khepri: cannot write "_s % path % u": "_s % file.errorString()
                 % u"\nCheck that its directory exists and is writable.\n"_s);
        return kExitUsage;
    }
    return kExitOk;
}

} // namespace

int runCompletion(const Command &cmd)
{
    const QString shell = cmd.positional.value(0);
    const QString script = completionScript(shell);
    if (script.isEmpty())
        return failUsage(
            shell.isEmpty() ? u"completion needs a shell"_s
                            : u"no completion for the shell \""_s % shell % u'"',
            Error::make(ErrorCode::Usage, u"Give one of: "_s % completionShells().join(u", "_s)));
    return emit(cmd, script);
}

int runManpage(const Command &cmd)
{
    return emit(cmd, manPage(QCoreApplication::applicationVersion()));
}

} // namespace khepri
