#include "entityref.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {

QString EntityRef::kindName() const
{
    switch (kind) {
    case Kind::Composition:
        return u"composition"_s;
    case Kind::Service:
        return u"service"_s;
    case Kind::Network:
        return u"network"_s;
    case Kind::Volume:
        return u"volume"_s;
    case Kind::Secret:
        return u"secret"_s;
    }
    return {};
}

QString EntityRef::path() const
{
    const QString base = u"khepri.compositions." % composition;
    if (kind == Kind::Composition)
        return base;
    return base % u'.' % kindName() % u"s." % name;
}

} // namespace khepri
