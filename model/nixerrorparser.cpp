#include "nixerrorparser.h"

#include <QRegularExpression>
#include <QStringList>

namespace khepri {

Error parseNixError(const QString &stderrText)
{
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;]*m"));
    static const QRegularExpression location(QStringLiteral(R"(^\s*at (.+):(\d+):(\d+):$)"));
    static const QRegularExpression excerpt(QStringLiteral(R"(^\s*(\d+)?\|)"));

    QString text = stderrText;
    text.remove(ansi);
    const QStringList lines = text.split(u'\n');

    Error error;
    error.code = QStringLiteral("evaluation");
    QStringList message;
    bool inMessage = false;
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (!inMessage) {
            if (line.startsWith(u"error:")) {
                inMessage = true;
                const QString first = line.mid(6).trimmed();
                if (!first.isEmpty())
                    message.append(first);
            }
            continue;
        }
        const auto at = location.match(raw);
        if (at.hasMatch()) {
            // The first location is where nix reports the error itself; later
            // ones belong to the trace.
            if (error.file.isEmpty()) {
                error.file = at.captured(1);
                error.line = at.captured(2).toInt();
                error.column = at.captured(3).toInt();
            }
            continue;
        }
        if (line.isEmpty() || excerpt.match(raw).hasMatch()
            || line.startsWith(u"(use '--show-trace'") || line.startsWith(u"warning:"))
            continue;
        if (line.startsWith(u"…") || line.startsWith(u"error:")) // trace frames
            continue;
        if (error.file.isEmpty())
            message.append(line);
    }

    error.message = message.join(u' ');
    if (error.message.isEmpty()) {
        QStringList rest;
        for (const QString &line : lines) {
            if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(u"warning:"))
                rest.append(line.trimmed());
        }
        error.message =
            rest.isEmpty() ? QStringLiteral("nix failed without a message") : rest.join(u' ');
    }
    if (error.message.startsWith(u"syntax error"))
        error.code = QStringLiteral("syntax");
    else if (error.message.contains(u"No such file or directory"))
        error.code = QStringLiteral("file-missing");
    if (error.file == u"«string»" || error.file == u"«stdin»" || error.file.startsWith(u"«")) {
        error.file.clear();
        error.line = error.column = 0;
    }
    return error;
}

} // namespace khepri
