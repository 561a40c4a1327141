#include "liveid.h"

#include <QStringBuilder>

// The kind's name is the id's first part ("service/…"): itemKindName, the
// same word the status output uses.

using namespace Qt::StringLiterals;

namespace khepri {
LiveId::LiveId(ItemKind kind, const QString &composition, const QString &name)
    : m_kind(kind)
    , m_composition(composition)
    , m_name(kind == ItemKind::Composition ? QString() : name)
{}

LiveId LiveId::composition(const QString &composition)
{
    return {ItemKind::Composition, composition, {}};
}

LiveId LiveId::service(const QString &composition, const QString &service)
{
    return {ItemKind::Service, composition, service};
}

LiveId LiveId::network(const QString &composition, const QString &key)
{
    return {ItemKind::Network, composition, key};
}

LiveId LiveId::volume(const QString &composition, const QString &key)
{
    return {ItemKind::Volume, composition, key};
}

LiveId LiveId::of(ItemKind kind, const QString &composition, const QString &name)
{
    return {kind, composition, name};
}

LiveId LiveId::of(const EntityRef &ref)
{
    if (ref.composition.isEmpty())
        return {};
    switch (ref.kind) {
    case EntityRef::Kind::Composition:
        return composition(ref.composition);
    case EntityRef::Kind::Service:
        return service(ref.composition, ref.name);
    case EntityRef::Kind::Network:
        return network(ref.composition, ref.name);
    case EntityRef::Kind::Volume:
        return volume(ref.composition, ref.name);
    case EntityRef::Kind::Secret:
        break;
    }
    return {};
}

std::optional<LiveId> LiveId::parse(const QString &text)
{
    const QStringList parts = text.split(u'/');
    if (parts.size() < 2 || parts.size() > 3)
        return std::nullopt;
    for (const QString &p : parts)
        if (p.isEmpty())
            return std::nullopt;
    for (ItemKind kind :
         {ItemKind::Composition, ItemKind::Service, ItemKind::Network, ItemKind::Volume}) {
        if (parts.first() != itemKindName(kind))
            continue;
        const bool composition = kind == ItemKind::Composition;
        if (parts.size() != (composition ? 2 : 3))
            return std::nullopt;
        return LiveId(kind, parts.at(1), composition ? QString() : parts.at(2));
    }
    return std::nullopt;
}

QString LiveId::toString() const
{
    if (!isValid())
        return {};
    if (m_kind == ItemKind::Composition)
        return itemKindName(m_kind) % u'/' % m_composition;
    return itemKindName(m_kind) % u'/' % m_composition % u'/' % m_name;
}

EntityRef LiveId::toEntityRef() const
{
    if (!isValid())
        return {};
    switch (m_kind) {
    case ItemKind::Composition:
        return EntityRef::compositionRef(m_composition);
    case ItemKind::Service:
        return EntityRef::service(m_composition, m_name);
    case ItemKind::Network:
        return EntityRef::network(m_composition, m_name);
    case ItemKind::Volume:
        return EntityRef::volume(m_composition, m_name);
    }
    return {};
}

} // namespace khepri
