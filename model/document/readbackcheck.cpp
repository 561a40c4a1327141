#include "readbackcheck.h"

#include <algorithm>

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

template<typename T>
const T *named(const QList<T> &list, const QString &name)
{
    auto it = std::find_if(list.cbegin(), list.cend(), [&](const T &t) { return t.name == name; });
    return it == list.cend() ? nullptr : &*it;
}

// The first entity of `kind` that differs between `expected` and `actual`.
template<typename T>
QString firstEntityDifference(const QString &kind, const QList<T> &expected, const QList<T> &actual)
{
    for (const T &e : expected) {
        const T *a = named(actual, e.name);
        if (!a)
            return kind % u' ' % e.name % u" is missing"_s;
        if (!(*a == e))
            return kind % u' ' % e.name % u" differs"_s;
    }
    for (const T &a : actual)
        if (!named(expected, a.name))
            return kind % u' ' % a.name % u" appeared"_s;
    return {};
}

} // namespace

QString firstReadBackDifference(const QList<Composition> &expected,
                                const QList<Composition> &actual)
{
    for (const Composition &e : expected) {
        const Composition *a = named(actual, e.name);
        if (!a)
            return u"composition "_s % e.name % u" is missing from what nix read back"_s;
        if (*a == e)
            continue;
        QString detail = firstEntityDifference(u"service"_s, e.services, a->services);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"network"_s, e.networks, a->networks);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"volume"_s, e.volumes, a->volumes);
        if (detail.isEmpty())
            detail = firstEntityDifference(u"secret"_s, e.secrets, a->secrets);
        if (detail.isEmpty() && !a->unrepresentable.isEmpty())
            detail = u"nix read back a value khepri cannot represent at "_s
                     % a->unrepresentable.first().field;
        return u"composition "_s % e.name % u" reads back differently"_s
               % (detail.isEmpty() ? QString() : QString(u" ("_s % detail % u')'));
    }
    for (const Composition &a : actual)
        if (!named(expected, a.name))
            return u"composition "_s % a.name % u" was not written but nix read it back"_s;
    return {};
}

} // namespace khepri
