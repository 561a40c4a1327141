#include "sourcelocator.h"

#include <QFile>
#include <QRegularExpression>
#include <QStringList>

#include "diagnostic.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// A line assigning `name` (bare or quoted), possibly as part of a dotted path.
int findAssignment(const QStringList &lines, const QString &name, int from)
{
    if (name.isEmpty())
        return -1;
    const QString quoted = QRegularExpression::escape(name);
    const QRegularExpression re(u"(^|[\\s.{;])(\""_s + quoted + u"\"|"_s + quoted
                                + u")\\s*(=|\\.)"_s);
    for (int i = from; i < lines.size(); ++i)
        if (re.match(lines.at(i)).hasMatch())
            return i;
    return -1;
}

} // namespace

int locateInNix(const QString &text, const QString &composition, const QString &service,
                const QString &field)
{
    const QStringList lines = text.split(u'\n');
    int at = findAssignment(lines, composition, 0);
    if (at < 0)
        return 0;
    // Then the service and each segment of the field, each below (or, for a
    // dotted path like dependsOn.db.condition, on) the line found before.
    QStringList path;
    if (!service.isEmpty())
        path << u"services"_s << service;
    if (!field.isEmpty())
        path += field.split(u'.');
    QString previous = composition;
    for (const QString &segment : std::as_const(path)) {
        const int found = findAssignment(lines, segment, segment == previous ? at + 1 : at);
        if (found < 0)
            break;
        at = found;
        previous = segment;
    }
    return at + 1;
}

void locate(Diagnostic &d, const QString &file)
{
    if (file.isEmpty() || d.line > 0)
        return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return;
    d.file = file;
    d.line = locateInNix(QString::fromUtf8(f.readAll()), d.composition, d.service, d.field);
}

} // namespace khepri
