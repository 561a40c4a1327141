#include "report.h"

#include <algorithm>

#include <QJsonArray>
#include <QStringBuilder>

#include "textescape.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Renders rows as left-aligned columns separated by two spaces; the cells
// come from the file, so their control characters are shown escaped.
QString table(const QStringList &header, QList<QStringList> rows)
{
    for (QStringList &row : rows)
        for (QString &cell : row)
            cell = escapeControls(cell);
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths.append(h.size());
    for (const QStringList &row : std::as_const(rows))
        for (qsizetype i = 0; i < row.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    auto line = [&](const QStringList &cells) -> QString {
        QString out = u"  "_s;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            out += (i + 1 == cells.size()) ? cells[i] : cells[i].leftJustified(widths[i] + 2);
        }
        return out + u'\n';
    };
    QString out = line(header);
    for (const QStringList &row : std::as_const(rows))
        out += line(row);
    return out;
}

const ManifestComposition *manifestComposition(const Manifest *manifest, const QString &name)
{
    if (!manifest)
        return nullptr;
    auto it = manifest->compositions.constFind(name);
    return it == manifest->compositions.cend() ? nullptr : &*it;
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? u"-"_s : s;
}

} // namespace

QString formatCompositionsTable(const QList<Composition> &compositions, const Manifest *manifest)
{
    if (compositions.isEmpty())
        return u"No compositions defined.\n"_s;
    QString out;
    for (const Composition &c : compositions) {
        if (!out.isEmpty())
            out += u'\n';
        out += u"Composition " % escapeControls(c.name) % u'\n';
        QList<QStringList> rows;
        for (const Service &s : c.services) {
            QStringList deps;
            for (const Dependency &d : s.dependsOn())
                deps.append(d.condition == DependencyCondition::Started
                                ? d.service
                                : d.service % u" (" % conditionName(d.condition) % u')');
            rows.append({s.name, orDash(s.image()), orDash(s.ports().join(u", ")),
                         orDash(deps.join(u", "))});
        }
        out += u" Services\n"_s;
        out += rows.isEmpty() ? u"  (none)\n"_s
                              : table({u"NAME"_s, u"IMAGE"_s, u"PORTS"_s, u"DEPENDS ON"_s}, rows);

        const ManifestComposition *mc = manifestComposition(manifest, c.name);
        if (mc) {
            rows.clear();
            for (const Service &s : c.services) {
                const ManifestService ms = mc->services.value(s.name);
                rows.append({s.name, orDash(ms.container), orDash(ms.unit)});
            }
            out += u" Containers (target " % escapeControls(mc->target) % u")\n";
            out += rows.isEmpty() ? u"  (none)\n"_s
                                  : table({u"SERVICE"_s, u"CONTAINER"_s, u"UNIT"_s}, rows);
        }

        rows.clear();
        for (const Network &n : c.networks) {
            const ManifestResource r = mc ? mc->networks.value(n.name) : ManifestResource{};
            rows.append({n.name,
                         n.external() ? u"external"_s : (n.internal() ? u"internal"_s : u"-"_s),
                         orDash(mc ? r.name : n.dockerName()), orDash(n.driver())});
            if (mc)
                rows.last().append(orDash(r.unit));
        }
        QStringList header{u"NAME"_s, u"KIND"_s, u"DOCKER NAME"_s, u"DRIVER"_s};
        if (mc)
            header.append(u"UNIT"_s);
        out += u" Networks\n"_s;
        out += rows.isEmpty() ? u"  (none)\n"_s : table(header, rows);

        rows.clear();
        for (const Volume &v : c.volumes) {
            const ManifestResource r = mc ? mc->volumes.value(v.name) : ManifestResource{};
            rows.append({v.name, v.external() ? u"external"_s : u"-"_s,
                         orDash(mc ? r.name : v.dockerName()), orDash(v.driver())});
            if (mc)
                rows.last().append(orDash(r.unit));
        }
        out += u" Volumes\n"_s;
        out += rows.isEmpty() ? u"  (none)\n"_s : table(header, rows);
        for (const Unrepresentable &u : c.unrepresentable)
            out += u" Note: " % escapeControls(u.field) % u" is a " % u.kind % u" ("
                   % escapeControls(u.detail) % u"); khepri shows it but cannot edit it\n";
    }
    return out;
}

QJsonObject compositionsReportJson(const QList<Composition> &compositions, const Manifest *manifest)
{
    QJsonObject comps;
    for (const Composition &c : compositions) {
        const ManifestComposition *mc = manifestComposition(manifest, c.name);
        QJsonObject services;
        for (const Service &s : c.services) {
            QJsonObject deps;
            for (const Dependency &d : s.dependsOn())
                deps.insert(d.service, conditionName(d.condition));
            services.insert(s.name,
                            QJsonObject{{u"image"_s, s.image()},
                                        {u"containerName"_s, s.containerName()},
                                        {u"ports"_s, QJsonArray::fromStringList(s.ports())},
                                        {u"dependsOn"_s, deps},
                                        {u"networks"_s, QJsonArray::fromStringList(s.networks())},
                                        {u"volumes"_s, s.spec.value(u"volumes").toArray()},
                                        {u"spec"_s, s.spec}});
            if (mc) {
                QJsonObject o = services.value(s.name).toObject();
                o.insert(u"container", mc->services.value(s.name).container);
                o.insert(u"unit", mc->services.value(s.name).unit);
                services.insert(s.name, o);
            }
        }
        QJsonObject networks;
        for (const Network &n : c.networks) {
            QJsonObject o{{u"external"_s, n.external()},
                          {u"internal"_s, n.internal()},
                          {u"name"_s, n.dockerName()},
                          {u"driver"_s, n.driver()}};
            if (mc) {
                o.insert(u"dockerName", mc->networks.value(n.name).name);
                o.insert(u"unit", mc->networks.value(n.name).unit.isEmpty()
                                      ? QJsonValue()
                                      : QJsonValue(mc->networks.value(n.name).unit));
            }
            networks.insert(n.name, o);
        }
        QJsonObject volumes;
        for (const Volume &v : c.volumes) {
            QJsonObject o{{u"external"_s, v.external()},
                          {u"name"_s, v.dockerName()},
                          {u"driver"_s, v.driver()}};
            if (mc) {
                o.insert(u"dockerName", mc->volumes.value(v.name).name);
                o.insert(u"unit", mc->volumes.value(v.name).unit.isEmpty()
                                      ? QJsonValue()
                                      : QJsonValue(mc->volumes.value(v.name).unit));
            }
            volumes.insert(v.name, o);
        }
        QJsonObject comp{
            {u"services"_s, services}, {u"networks"_s, networks}, {u"volumes"_s, volumes}};
        if (mc)
            comp.insert(u"target", mc->target);
        comps.insert(c.name, comp);
    }
    return QJsonObject{{u"compositions"_s, comps}};
}

} // namespace khepri
