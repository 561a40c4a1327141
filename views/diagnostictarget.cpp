#include "diagnostictarget.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {

EntityRef diagnosticTarget(const Diagnostic &d)
{
    if (!d.service.isEmpty())
        return EntityRef::service(d.composition, d.service);
    const QString kind = d.field.section(u'.', 0, 0);
    const QString name = d.field.section(u'.', 1, 1);
    if (!name.isEmpty() && kind == u"networks")
        return EntityRef::network(d.composition, name);
    if (!name.isEmpty() && kind == u"volumes")
        return EntityRef::volume(d.composition, name);
    if (!name.isEmpty() && kind == u"services")
        return EntityRef::service(d.composition, name);
    return EntityRef::compositionRef(d.composition);
}

QString entityKey(const EntityRef &ref)
{
    return ref.kindName() % u':' % ref.composition % u'/' % ref.name;
}

QHash<QString, DiagnosticCounts> countDiagnostics(const QList<Diagnostic> &diagnostics)
{
    QHash<QString, DiagnosticCounts> out;
    for (const Diagnostic &d : diagnostics) {
        DiagnosticCounts &c = out[entityKey(diagnosticTarget(d))];
        if (d.severity == Diagnostic::Severity::Error)
            ++c.errors;
        else if (d.severity == Diagnostic::Severity::Warning)
            ++c.warnings;
    }
    return out;
}

} // namespace khepri
