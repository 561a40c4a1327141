#include "entityref.h"

#include <QStringBuilder>

#include "enumnames.h"

using namespace Qt::StringLiterals;

namespace khepri {

QString EntityRef::kindName() const
{
    static constexpr auto names = makeEnumNames<Kind>({
        {Kind::Composition, u"composition"},
        {Kind::Service, u"service"},
        {Kind::Network, u"network"},
        {Kind::Volume, u"volume"},
        {Kind::Secret, u"secret"},
    });
    static_assert(names.coversValuesBelow(5) && names.namesAreUnique());
    return names.name(kind);
}

QString EntityRef::path() const
{
    const QString base = u"khepri.compositions." % composition;
    if (kind == Kind::Composition)
        return base;
    return base % u'.' % kindName() % u"s." % name;
}

} // namespace khepri
