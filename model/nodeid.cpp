#include "nodeid.h"

#include <optional>

#include <QHashFunctions>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr QChar kSharedMark = u'*';

std::optional<NodeKind> kindNamed(QStringView name)
{
    for (const NodeKind kind : {NodeKind::Service, NodeKind::Network, NodeKind::Volume})
        if (name == nodeKindName(kind))
            return kind;
    return std::nullopt;
}

Error invalid(QStringView text, const QString &why)
{
    return Error::make(
        ErrorCode::InvalidNodeId, u"\"" % text % u"\" is not a graph node id: " % why,
        u"A node id reads KIND:COMPOSITION/NAME or KIND:*/DOCKER-NAME, with KIND one of "
        u"service, network, volume (e.g. service:app/web)."_s);
}

} // namespace

QString nodeKindName(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Service:
        return u"service"_s;
    case NodeKind::Network:
        return u"network"_s;
    case NodeKind::Volume:
        return u"volume"_s;
    }
    return {};
}

NodeId::NodeId(NodeKind kind, bool shared, const QString &composition, const QString &name)
    : m_kind(kind)
    , m_null(false)
    , m_shared(shared)
    , m_composition(composition)
    , m_name(name)
{}

NodeId NodeId::local(NodeKind kind, const QString &composition, const QString &name)
{
    return NodeId(kind, false, composition, name);
}

NodeId NodeId::shared(NodeKind kind, const QString &dockerName)
{
    return NodeId(kind, true, QString(), dockerName);
}

NodeId NodeId::of(const EntityRef &ref)
{
    switch (ref.kind) {
    case EntityRef::Kind::Service:
        return local(NodeKind::Service, ref.composition, ref.name);
    case EntityRef::Kind::Network:
        return local(NodeKind::Network, ref.composition, ref.name);
    case EntityRef::Kind::Volume:
        return local(NodeKind::Volume, ref.composition, ref.name);
    case EntityRef::Kind::Composition:
    case EntityRef::Kind::Secret:
        break;
    }
    return {};
}

Result<NodeId> NodeId::parse(QStringView text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon < 0)
        return invalid(text, u"it has no \":\" after the kind"_s);
    const std::optional<NodeKind> kind = kindNamed(text.left(colon));
    if (!kind)
        return invalid(text, u"\"" % text.left(colon) % u"\" is not a kind of node");
    const QStringView rest = text.mid(colon + 1);
    const qsizetype slash = rest.indexOf(u'/');
    if (slash < 0)
        return invalid(text, u"it has no \"/\" between composition and name"_s);
    const QStringView composition = rest.left(slash);
    const QStringView name = rest.mid(slash + 1);
    if (composition.isEmpty())
        return invalid(text, u"the composition is empty"_s);
    if (name.isEmpty())
        return invalid(text, u"the name is empty"_s);
    if (composition == QStringView(&kSharedMark, 1)) {
        if (*kind == NodeKind::Service)
            return invalid(text, u"a service is never shared between compositions"_s);
        return shared(*kind, name.toString());
    }
    return local(*kind, composition.toString(), name.toString());
}

EntityRef NodeId::ref() const
{
    if (m_null || m_shared)
        return {};
    switch (m_kind) {
    case NodeKind::Service:
        return EntityRef::service(m_composition, m_name);
    case NodeKind::Network:
        return EntityRef::network(m_composition, m_name);
    case NodeKind::Volume:
        return EntityRef::volume(m_composition, m_name);
    }
    return {};
}

QString NodeId::toString() const
{
    if (m_null)
        return {};
    return nodeKindName(m_kind) % u':' % (m_shared ? QString(kSharedMark) : m_composition) % u'/'
           % m_name;
}

size_t qHash(const NodeId &id, size_t seed)
{
    return qHashMulti(seed, int(id.kind()), id.isNull(), id.isShared(), id.composition(),
                      id.name());
}

} // namespace khepri
