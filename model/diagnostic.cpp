#include "diagnostic.h"

#include <algorithm>

#include <QStringBuilder>

#include "textescape.h"

using namespace Qt::StringLiterals;

namespace khepri {

QString severityName(Diagnostic::Severity severity)
{
    switch (severity) {
    case Diagnostic::Severity::Error:
        return u"error"_s;
    case Diagnostic::Severity::Warning:
        return u"warning"_s;
    case Diagnostic::Severity::Info:
        return u"info"_s;
    }
    return {};
}

QString Diagnostic::toString() const
{
    QString location;
    if (!file.isEmpty()) {
        location = file;
        if (line > 0)
            location += u':' % QString::number(line);
        location += u": ";
    }
    // For a terminal: the message quotes names and values from the file.
    return escapeControls(location % severityName(severity) % u": " % message, Newlines::Keep);
}

bool hasErrors(const QList<Diagnostic> &diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

} // namespace khepri
