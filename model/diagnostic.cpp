#include "diagnostic.h"

#include <algorithm>

#include <QStringBuilder>

#include "enumnames.h"
#include "textescape.h"

using namespace Qt::StringLiterals;

namespace khepri {

QString severityName(Diagnostic::Severity severity)
{
    static constexpr auto names = makeEnumNames<Diagnostic::Severity>({
        {Diagnostic::Severity::Error, u"error"},
        {Diagnostic::Severity::Warning, u"warning"},
        {Diagnostic::Severity::Info, u"info"},
    });
    static_assert(names.coversValuesBelow(3) && names.namesAreUnique());
    return names.name(severity);
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
