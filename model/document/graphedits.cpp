#include "graphedits.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringBuilder>

#include "document.h"
#include "documentedit.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error cannotConnect(const QString &message)
{
    return Error::make(ErrorCode::CannotConnect, message);
}

// The entity of `node` that belongs to `composition` (a shared node has one
// per composition that declares it); empty when it has none there.
EntityRef refIn(const GraphNode &node, const QString &composition)
{
    for (const EntityRef &r : node.refs)
        if (r.composition == composition)
            return r;
    return {};
}

QString mountSource(const QJsonValue &entry)
{
    return entry.isString() ? parseMount(entry.toString()).source
                            : entry.toObject().value(u"source").toString();
}

} // namespace

GraphEdits::GraphEdits(Document &document)
    : m_document(document)
{}

Result<GraphEdits::Connection> GraphEdits::plan(const NodeId &from, const NodeId &to,
                                                const std::optional<QString> &mountPath,
                                                DocumentEdit &edit) const
{
    const Graph graph = deriveGraph(m_document.compositions());
    const GraphNode *source = graph.node(from.toString());
    const GraphNode *target = graph.node(to.toString());
    if (!source || !target || source->kind != NodeKind::Service || source->refs.isEmpty())
        return cannotConnect(
            u"Connect from a service to a network, a volume or another service."_s);
    const EntityRef service = source->refs.first();
    const QJsonObject spec = edit.spec(service);

    Connection c;
    c.service = service;
    Result<void> staged;
    switch (target->kind) {
    case NodeKind::Service: {
        c.kind = Connection::Kind::DependsOn;
        c.target = target->refs.first();
        if (c.target == service)
            return cannotConnect(u"%1 cannot depend on itself."_s.arg(service.name));
        if (c.target.composition != service.composition)
            return cannotConnect(
                u"%1 and %2 are in different compositions; dependsOn stays within one."_s.arg(
                    service.name, c.target.name));
        if (spec.value(u"dependsOn").toObject().contains(c.target.name))
            return cannotConnect(u"%1 already depends on %2."_s.arg(service.name, c.target.name));
        c.text = u"Make %1 depend on %2"_s.arg(service.name, c.target.name);
        staged = edit.editField(service, {u"dependsOn"_s, c.target.name}, QJsonObject());
        break;
    }
    case NodeKind::Network: {
        c.kind = Connection::Kind::JoinNetwork;
        c.target = refIn(*target, service.composition);
        if (c.target.name.isEmpty()) {
            // Not declared in the service's composition: only a network that
            // lives outside it (external, or shared) can be joined from here.
            if (!to.isShared() && !target->external)
                return cannotConnect(
                    u"Network %1 belongs to composition %2; a service joins the networks of its "
                    u"own composition, or external ones."_s.arg(target->label, target->cluster));
            QString dockerName = to.name();
            if (!to.isShared()) {
                const EntityRef other = target->refs.first();
                const Network *n =
                    m_document.composition(other.composition)
                        ? m_document.composition(other.composition)->network(other.name)
                        : nullptr;
                dockerName = n && !n->dockerName().isEmpty() ? n->dockerName() : other.name;
            }
            c.kind = Connection::Kind::DeclareAndJoinNetwork;
            c.target = EntityRef::network(service.composition, dockerName);
            staged = edit.addEntity(c.target, QJsonObject{{u"external"_s, true}});
        } else if (spec.value(u"networks").toObject().contains(c.target.name)) {
            return cannotConnect(u"%1 already joins %2."_s.arg(service.name, c.target.name));
        }
        c.text = u"Join %1 to %2"_s.arg(service.name, target->label);
        if (staged)
            staged = edit.editField(service, {u"networks"_s, c.target.name}, QJsonObject());
        break;
    }
    case NodeKind::Volume: {
        c.kind = Connection::Kind::Mount;
        c.target = refIn(*target, service.composition);
        if (c.target.name.isEmpty())
            return cannotConnect(u"Volume %1 is not declared in composition %2."_s.arg(
                target->label, service.composition));
        const QString path = mountPath.value_or(u"/"_s);
        if (!path.startsWith(u'/'))
            return cannotConnect(u"A mount path must be absolute, like /data."_s);
        c.text = u"Mount %1 in %2"_s.arg(c.target.name, service.name);
        QJsonArray volumes = spec.value(u"volumes").toArray();
        volumes.append(QString(c.target.name % u':' % path));
        staged = edit.editField(service, {u"volumes"_s}, volumes);
        break;
    }
    }
    if (!staged)
        return staged.error();
    return c;
}

Result<GraphEdits::Connection> GraphEdits::canConnect(const NodeId &from, const NodeId &to) const
{
    DocumentEdit dryRun(m_document); // never committed
    return plan(from, to, std::nullopt, dryRun);
}

Result<void> GraphEdits::connect(const NodeId &from, const NodeId &to, const QString &mountPath)
{
    DocumentEdit edit(m_document);
    const Result<Connection> planned = plan(from, to, mountPath, edit);
    if (!planned)
        return planned.error();
    edit.setText(planned.value().text);
    return edit.commit();
}

Result<void> GraphEdits::disconnect(const GraphEdge &edge)
{
    const QJsonObject spec = m_document.spec(edge.owner);
    const Error gone = Error::make(ErrorCode::NoSuchEdge, u"That connection no longer exists."_s);
    DocumentEdit edit(m_document);
    switch (edge.kind) {
    case GraphEdge::Kind::DependsOn:
    case GraphEdge::Kind::Network: {
        // An entry of a map in the service's settings.
        const bool dependency = edge.kind == GraphEdge::Kind::DependsOn;
        const QString field = dependency ? u"dependsOn"_s : u"networks"_s;
        if (!spec.value(field).toObject().contains(edge.key))
            return gone;
        edit.setText(dependency
                         ? u"Remove the dependency of %1 on %2"_s.arg(edge.owner.name, edge.key)
                         : u"Remove %1 from %2"_s.arg(edge.owner.name, edge.key));
        edit.editField(edge.owner, {field, edge.key}, QJsonValue(QJsonValue::Undefined));
        break;
    }
    case GraphEdge::Kind::Mount: {
        const QJsonArray volumes = spec.value(u"volumes").toArray();
        QJsonArray kept;
        for (const QJsonValue &v : volumes)
            if (mountSource(v) != edge.key)
                kept.append(v);
        if (kept.size() == volumes.size())
            return gone;
        edit.setText(u"Unmount %1 from %2"_s.arg(edge.key, edge.owner.name));
        edit.editField(edge.owner, {u"volumes"_s},
                       kept.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(kept));
        break;
    }
    }
    return edit.commit();
}

} // namespace khepri
