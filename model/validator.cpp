#include "validator.h"

#include <algorithm>

#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

using Severity = Diagnostic::Severity;

QString compPath(const QString &comp)
{
    return u"khepri.compositions." % comp;
}

QString svcPath(const QString &comp, const QString &svc)
{
    return compPath(comp) % u".services." % svc;
}

bool matches(const QString &pattern, const QString &s)
{
    const QRegularExpression re(QRegularExpression::anchoredPattern(pattern));
    return re.match(s).hasMatch();
}

bool validComposition(const QString &s)
{
    return matches(u"[a-z0-9][a-z0-9_-]*"_s, s);
}
bool validKey(const QString &s)
{
    return matches(u"[a-zA-Z0-9][a-zA-Z0-9_.-]*"_s, s);
}
bool validDockerName(const QString &s)
{
    return matches(u"[a-zA-Z0-9][a-zA-Z0-9_.-]+"_s, s);
}

QString quoteList(const QStringList &xs)
{
    QStringList q;
    for (const QString &x : xs)
        q.append(u'"' % x % u'"');
    return q.join(u", "_s);
}

struct Collector {
    QList<Diagnostic> out;
    void add(Severity severity, const QString &code, const QString &message, const QString &comp,
             const QString &svc = {}, const QString &field = {})
    {
        out.append(Diagnostic{severity, code, message, comp, svc, field, {}, 0, 0});
    }
};

// Strongly connected groups of the dependsOn graph, as the module reports
// them: members sorted, reported once under the smallest name. Tarjan's
// algorithm (iterative), linear in services and dependencies.
QList<QStringList> dependencyCycles(const Composition &c)
{
    const qsizetype n = c.services.size();
    QHash<QString, int> indexOf;
    for (qsizetype i = 0; i < n; ++i)
        indexOf.insert(c.services.at(i).name, int(i));
    QList<QList<int>> edges(n);
    QList<bool> selfLoop(n, false);
    for (qsizetype i = 0; i < n; ++i)
        for (const Dependency &d : c.services.at(i).dependsOn()) {
            const auto it = indexOf.constFind(d.service);
            if (it == indexOf.cend())
                continue;
            edges[i].append(*it);
            if (*it == i)
                selfLoop[i] = true;
        }

    QList<int> index(n, -1), low(n, 0);
    QList<bool> onStack(n, false);
    QList<int> stack;
    QList<QStringList> cycles;
    int counter = 0;
    struct Frame {
        int node;
        qsizetype next;
    };
    for (int root = 0; root < n; ++root) {
        if (index[root] >= 0)
            continue;
        QList<Frame> frames{{root, 0}};
        index[root] = low[root] = counter++;
        stack.append(root);
        onStack[root] = true;
        while (!frames.isEmpty()) {
            Frame &f = frames.last();
            if (f.next < edges[f.node].size()) {
                const int w = edges[f.node][f.next++];
                if (index[w] < 0) {
                    index[w] = low[w] = counter++;
                    stack.append(w);
                    onStack[w] = true;
                    frames.append({w, 0});
                } else if (onStack[w]) {
                    low[f.node] = std::min(low[f.node], index[w]);
                }
                continue;
            }
            const int v = f.node;
            frames.removeLast();
            if (!frames.isEmpty())
                low[frames.last().node] = std::min(low[frames.last().node], low[v]);
            if (low[v] != index[v])
                continue;
            QStringList members;
            int w;
            do {
                w = stack.takeLast();
                onStack[w] = false;
                members.append(c.services.at(w).name);
            } while (w != v);
            if (members.size() > 1 || selfLoop[v]) {
                std::sort(members.begin(), members.end());
                cycles.append(members);
            }
        }
    }
    std::sort(cycles.begin(), cycles.end(),
              [](const QStringList &a, const QStringList &b) { return a.first() < b.first(); });
    return cycles;
}

struct Binding {
    QString ip;      // canonical (canonicalIp)
    QString shownIp; // as written, without brackets
    int port = 0;
    QString proto;
    QString spec;
    QString path;
};

QList<int> portRange(const QString &s)
{
    static const QRegularExpression single(u"^([0-9]+)$"_s);
    static const QRegularExpression range(u"^([0-9]+)-([0-9]+)$"_s);
    if (const auto m = single.match(s); m.hasMatch())
        return {m.captured(1).toInt()};
    if (const auto m = range.match(s); m.hasMatch()) {
        const int from = m.captured(1).toInt();
        const int to = m.captured(2).toInt();
        QList<int> out;
        for (int p = from; p <= to && out.size() < 65536; ++p)
            out.append(p);
        return out;
    }
    return {};
}

// One spelling per IP address, as the module's util.canonicalIp: brackets dropped, IPv6 in
// lower case with all eight groups and no leading zeros. Anything else stays as written.
QString canonicalIp(const QString &ip)
{
    QString bare = ip.startsWith(u'[') && ip.endsWith(u']') ? ip.mid(1, ip.size() - 2) : ip;
    bare = bare.toLower();
    if (!bare.contains(u':'))
        return bare;
    const auto groups = [](const QString &x) {
        return x.isEmpty() ? QStringList{} : x.split(u':');
    };
    QStringList all;
    const QStringList halves = bare.split(u"::"_s);
    if (halves.size() == 1) {
        all = groups(bare);
    } else if (halves.size() == 2) {
        const QStringList left = groups(halves.at(0));
        const QStringList right = groups(halves.at(1));
        const qsizetype zeros = 8 - left.size() - right.size();
        if (zeros >= 0) {
            all = left;
            for (qsizetype i = 0; i < zeros; ++i)
                all.append(u"0"_s);
            all.append(right);
        }
    }
    static const QRegularExpression group(u"^0*([0-9a-f]+)$"_s);
    if (all.size() != 8)
        return bare;
    QStringList shortened;
    for (const QString &g : all) {
        const auto m = group.match(g);
        if (!m.hasMatch())
            return bare;
        shortened.append(m.captured(1));
    }
    return shortened.join(u':');
}

// Like Docker, the address may be in brackets ("[::1]:8080:80") or not ("::1:8080:80":
// everything before the last two fields).
QList<Binding> hostBindings(const QString &spec, const QString &path)
{
    static const QRegularExpression bracketed(u"^\\[([0-9a-fA-F:.]*)\\]:([^:]*):(.*)$"_s);
    const qsizetype slash = spec.indexOf(u'/');
    const QString proto = slash < 0 ? u"tcp"_s : spec.mid(slash + 1);
    const QString main = slash < 0 ? spec : spec.left(slash);
    QString ip;
    QString host;
    if (const auto m = bracketed.match(main); m.hasMatch()) {
        ip = m.captured(1);
        host = m.captured(2);
    } else {
        const QStringList parts = main.split(u':');
        if (parts.size() >= 3) {
            ip = parts.mid(0, parts.size() - 2).join(u':');
            host = parts.at(parts.size() - 2);
        } else if (parts.size() == 2) {
            host = parts.at(0);
        }
    }
    QList<Binding> out;
    for (int port : portRange(host))
        out.append(Binding{canonicalIp(ip), ip, port, proto, spec, path});
    return out;
}

bool wildcard(const QString &ip)
{
    return ip.isEmpty() || ip == u"0.0.0.0" || ip == u"0:0:0:0:0:0:0:0";
}

// Can the module split this command string into words (normalize.words)? Not when a quote
// is left open or it ends in a backslash.
bool splittable(const QString &line)
{
    QChar quote;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quote == u'\'') {
            if (c == u'\'')
                quote = QChar();
        } else if (c == u'\\') {
            if (++i >= line.size())
                return false;
        } else if (quote == u'"') {
            if (c == u'"')
                quote = QChar();
        } else if (c == u'\'' || c == u'"') {
            quote = c;
        }
    }
    return quote.isNull();
}

void serviceChecks(Collector &col, const Composition &c, const Service &s)
{
    const QString path = svcPath(c.name, s.name);
    if (!validKey(s.name))
        col.add(Severity::Error, u"invalid-name"_s,
                path % u": invalid service key \"" % s.name
                    % u"\": use letters, digits, \"_\", \".\" and \"-\", starting with a letter or "
                      u"digit",
                c.name, s.name);
    if (s.spec.contains(u"containerName") && !validDockerName(s.containerName()))
        col.add(Severity::Error, u"invalid-name"_s,
                path % u": invalid containerName \"" % s.containerName()
                    % u"\": use at least two letters, digits, \"_\", \".\" and \"-\", starting "
                      u"with a letter or digit",
                c.name, s.name, u"containerName"_s);
    if (!s.spec.contains(u"image") || (s.spec.value(u"image").isString() && s.image().isEmpty()))
        col.add(Severity::Error, u"no-image"_s,
                path % u": no image: set image to an image reference or a dockerTools image",
                c.name, s.name, u"image"_s);

    for (const QString &n : s.networks())
        if (!c.network(n))
            col.add(Severity::Error, u"unknown-network"_s,
                    path % u": network \"" % n % u"\" is not defined in " % compPath(c.name)
                        % u".networks",
                    c.name, s.name, u"networks."_s + n);

    const QString mode = s.networkMode();
    if (!mode.isEmpty()) {
        if (!matches(u"host|none|bridge|service:.+|container:.+"_s, mode))
            col.add(Severity::Error, u"invalid-network-mode"_s,
                    path % u": networkMode \"" % mode
                        % u"\" is not one of \"host\", \"none\", \"bridge\", \"service:NAME\", "
                          u"\"container:NAME\"",
                    c.name, s.name, u"networkMode"_s);
        if (!s.networks().isEmpty())
            col.add(Severity::Error, u"network-mode-with-networks"_s,
                    path % u": networkMode \"" % mode
                        % u"\" cannot be combined with networks; remove one of them",
                    c.name, s.name, u"networkMode"_s);
        if (mode.startsWith(u"service:") && !c.service(mode.mid(8)))
            col.add(Severity::Error, u"unknown-service"_s,
                    path % u": networkMode \"" % mode % u"\" references service \"" % mode.mid(8)
                        % u"\", which is not defined in " % compPath(c.name) % u".services",
                    c.name, s.name, u"networkMode"_s);
    }

    for (const QJsonValue &v : s.spec.value(u"volumes").toArray()) {
        if (!v.isString())
            continue;
        const QString spec = v.toString();
        const QStringList parts = spec.split(u':');
        if (parts.size() > 3) {
            col.add(Severity::Error, u"invalid-mount"_s,
                    path % u": volume \"" % spec % u"\" is not of the form SOURCE:TARGET[:MODE]",
                    c.name, s.name, u"volumes"_s);
            continue;
        }
        const Mount m = parseMount(spec);
        if (m.kind == Mount::Kind::Volume && !c.volume(m.source))
            col.add(Severity::Error, u"unknown-volume"_s,
                    path % u": volume \"" % m.source % u"\" (in \"" % spec
                        % u"\") is not defined in " % compPath(c.name)
                        % u".volumes; declare it there, or use an absolute path for a bind mount",
                    c.name, s.name, u"volumes"_s);
        else if (m.kind == Mount::Kind::Bind && !m.source.startsWith(u'/'))
            col.add(Severity::Error, u"relative-bind"_s,
                    path % u": volume \"" % spec
                        % u"\": a bind mount source must be an absolute path",
                    c.name, s.name, u"volumes"_s);
    }

    for (const QJsonValue &v : s.spec.value(u"secrets").toArray()) {
        const QString source =
            v.isObject() ? v.toObject().value(u"source").toString() : v.toString();
        if (std::none_of(c.secrets.cbegin(), c.secrets.cend(),
                         [&](const Secret &x) { return x.name == source; }))
            col.add(Severity::Error, u"unknown-secret"_s,
                    path % u": secret \"" % source % u"\" is not defined in " % compPath(c.name)
                        % u".secrets",
                    c.name, s.name, u"secrets"_s);
    }

    for (const Dependency &d : s.dependsOn()) {
        const Service *target = c.service(d.service);
        if (!target)
            col.add(Severity::Error, u"unknown-service"_s,
                    path % u": dependsOn references service \"" % d.service
                        % u"\", which is not defined in " % compPath(c.name) % u".services",
                    c.name, s.name, u"dependsOn."_s + d.service);
        else if (d.condition == DependencyCondition::Healthy && !target->hasHealthcheck())
            col.add(Severity::Error, u"healthy-without-healthcheck"_s,
                    path % u": dependsOn." % d.service
                        % u".condition is \"service_healthy\", but service \"" % d.service
                        % u"\" has no healthcheck; add " % svcPath(c.name, d.service)
                        % u".healthcheck or use \"service_started\"",
                    c.name, s.name, u"dependsOn."_s + d.service);
    }
    const QJsonObject deps = s.spec.value(u"dependsOn").toObject();
    for (auto it = deps.begin(); it != deps.end(); ++it) {
        const QString cond =
            it.value().toObject().value(u"condition").toString(u"service_started"_s);
        DependencyCondition parsed;
        if (c.service(it.key()) && !parseDependencyCondition(cond, &parsed))
            col.add(Severity::Error, u"invalid-condition"_s,
                    path % u": dependsOn." % it.key() % u".condition \"" % cond
                        % u"\" is not one of "
                        % quoteList({u"service_started"_s, u"service_healthy"_s,
                                     u"service_completed_successfully"_s}),
                    c.name, s.name, u"dependsOn."_s + it.key());
    }

    for (const QString &field : {u"cmd"_s, u"entrypoint"_s}) {
        const QJsonValue v = s.spec.value(field);
        if (v.isString() && !splittable(v.toString()))
            col.add(Severity::Error, u"unsplittable-command"_s,
                    path % u": " % field % u" \"" % v.toString()
                        % u"\" cannot be split into words: a quote is not closed or it ends in a "
                          u"backslash; close the quote, or give "
                        % field % u" as a list",
                    c.name, s.name, field);
    }

    const QJsonObject login = s.spec.value(u"login").toObject();
    QStringList missing;
    for (const QString &field : {u"username"_s, u"passwordFile"_s, u"registry"_s})
        if (!login.value(field).isString())
            missing.append(u"login."_s + field);
    if (missing.size() < 3 && !missing.isEmpty())
        col.add(Severity::Error, u"incomplete-login"_s,
                path % u": " % missing.join(u" and "_s)
                    % (missing.size() == 1 ? u" is"_s : u" are"_s)
                    % u" not set; oci-containers logs in only when login.username, "
                      u"login.passwordFile and login.registry (such as \"docker.io\" or "
                      u"\"ghcr.io\") are all set, and otherwise pulls without logging in",
                c.name, s.name, u"login"_s);

    const QString restart = s.restart();
    if (s.spec.contains(u"restart")
        && !matches(u"no|always|unless-stopped|on-failure(:[0-9]+)?"_s, restart))
        col.add(Severity::Error, u"invalid-restart"_s,
                path % u": restart \"" % restart
                    % u"\" is not one of \"no\", \"always\", \"unless-stopped\", \"on-failure\", "
                      u"\"on-failure:N\"",
                c.name, s.name, u"restart"_s);

    // Warnings.
    const QStringList envKeys = s.spec.value(u"environment").toObject().keys();
    for (const QString &k : envKeys) {
        const QString upper = k.toUpper();
        const bool secretLike = !upper.endsWith(u"_FILE")
                                && (upper.contains(u"PASSWORD") || upper.contains(u"SECRET")
                                    || upper.contains(u"TOKEN") || upper.endsWith(u"_KEY"));
        if (secretLike)
            col.add(Severity::Warning, u"secret-in-store"_s,
                    path % u": environment variable " % k
                        % u" looks like a secret; its value is written to the world-readable Nix "
                          u"store. Pass it with "
                          u"environmentFiles or secrets instead.",
                    c.name, s.name, u"environment."_s + k);
    }
    if (mode == u"host" && !s.ports().isEmpty())
        col.add(Severity::Warning, u"ports-ignored"_s,
                path
                    % u": ports are ignored with networkMode \"host\": the container uses the "
                      u"host's ports directly",
                c.name, s.name, u"ports"_s);
}

} // namespace

QString containerNameOf(const Composition &composition, const Service &service)
{
    return service.spec.contains(u"containerName")
               ? service.containerName()
               : QString(composition.name % u'-' % service.name);
}

QList<Diagnostic> validate(const QList<Composition> &compositions)
{
    Collector col;
    for (const Composition &c : compositions) {
        if (!validComposition(c.name))
            col.add(Severity::Error, u"invalid-name"_s,
                    compPath(c.name) % u": invalid composition name \"" % c.name
                        % u"\": use lowercase letters, digits, \"_\" and \"-\", starting with a "
                          u"letter or digit",
                    c.name);
        auto keys = [&](const QString &kind, const QStringList &names) {
            for (const QString &k : names)
                if (!validKey(k))
                    col.add(Severity::Error, u"invalid-name"_s,
                            compPath(c.name) % u'.' % kind % u'.' % k % u": invalid " % kind
                                % u" key \"" % k
                                % u"\": use letters, digits, \"_\", \".\" and \"-\", starting with "
                                  u"a letter or digit",
                            c.name, {}, kind % u'.' % k);
        };
        QStringList n, v, s;
        for (const Network &x : c.networks)
            n.append(x.name);
        for (const Volume &x : c.volumes)
            v.append(x.name);
        for (const Secret &x : c.secrets)
            s.append(x.name);
        keys(u"networks"_s, n);
        keys(u"volumes"_s, v);
        keys(u"secrets"_s, s);
        for (const Service &svc : c.services)
            serviceChecks(col, c, svc);
        // A service waited on both to complete and to be healthy.
        QMap<QString, QStringList> completedBy, healthyBy;
        for (const Service &svc : c.services)
            for (const Dependency &d : svc.dependsOn()) {
                if (d.condition == DependencyCondition::CompletedSuccessfully)
                    completedBy[d.service].append(svc.name);
                else if (d.condition == DependencyCondition::Healthy)
                    healthyBy[d.service].append(svc.name);
            }
        for (auto it = completedBy.cbegin(); it != completedBy.cend(); ++it)
            if (healthyBy.contains(it.key()) && c.service(it.key()))
                col.add(Severity::Error, u"completed-and-healthy"_s,
                        svcPath(c.name, it.key())
                            % u": services wait for it both to complete "
                              u"(service_completed_successfully: "
                            % quoteList(it.value()) % u") and to be healthy (service_healthy: "
                            % quoteList(healthyBy.value(it.key()))
                            % u"); a container cannot exit and stay up: make every dependsOn."
                            % it.key() % u".condition the same",
                        c.name, it.key(), u"dependsOn"_s);
        for (const QStringList &cycle : dependencyCycles(c)) {
            const QString what =
                cycle.size() == 1 ? QString(u"service \"" % cycle.first() % u"\" depends on itself")
                                  : QString(u"services " % quoteList(cycle) % u" of composition "
                                            % c.name % u" depend on each other");
            col.add(Severity::Error, u"dependency-cycle"_s,
                    svcPath(c.name, cycle.first()) % u": dependsOn cycle: " % what, c.name,
                    cycle.first(), u"dependsOn"_s);
        }
    }

    // Across compositions: container names and published host ports.
    QMap<QString, QStringList> containers;
    QMap<QString, QPair<QString, QString>> firstOwner;
    QMap<QString, QList<Binding>> ports;
    for (const Composition &c : compositions) {
        for (const Service &s : c.services) {
            const QString name = containerNameOf(c, s);
            containers[name].append(svcPath(c.name, s.name));
            if (!firstOwner.contains(name))
                firstOwner.insert(name, {c.name, s.name});
            if (s.networkMode() == u"host")
                continue;
            for (const QString &spec : s.ports())
                for (const Binding &b : hostBindings(spec, svcPath(c.name, s.name)))
                    ports[QString::number(b.port) % u'/' % b.proto].append(b);
        }
    }
    for (auto it = containers.cbegin(); it != containers.cend(); ++it)
        if (it.value().size() > 1)
            col.add(Severity::Error, u"duplicate-container"_s,
                    u"container name \"" % it.key() % u"\" is used by more than one service: "
                        % it.value().join(u", "_s),
                    firstOwner.value(it.key()).first, firstOwner.value(it.key()).second,
                    u"containerName"_s);
    // The bindings of one port that clash: all of them when one is on every address, else
    // those on the same address (one set per address), as the module reports them.
    for (auto it = ports.cbegin(); it != ports.cend(); ++it) {
        const QList<Binding> &bs = it.value();
        QList<QList<Binding>> clashes;
        if (std::any_of(bs.cbegin(), bs.cend(), [](const Binding &b) { return wildcard(b.ip); })) {
            if (bs.size() > 1)
                clashes.append(bs);
        } else {
            QMap<QString, QList<Binding>> byIp;
            for (const Binding &b : bs)
                byIp[b.ip].append(b);
            for (const QList<Binding> &same : std::as_const(byIp))
                if (same.size() > 1)
                    clashes.append(same);
        }
        for (const QList<Binding> &clash : std::as_const(clashes)) {
            QString ip = u"*"_s;
            for (const Binding &b : clash)
                if (!wildcard(b.ip)) {
                    ip = b.shownIp;
                    break;
                }
            if (ip.contains(u':'))
                ip = u'[' % ip % u']';
            QStringList shown;
            for (const Binding &b : clash)
                shown.append(b.path % u" (\"" % b.spec % u"\")");
            const QString owner = clash.first().path;
            col.add(Severity::Error, u"duplicate-port"_s,
                    u"host address " % ip % u':' % it.key() % u" is published more than once: "
                        % shown.join(u", "_s),
                    owner.section(u'.', 2, 2), owner.section(u'.', 4), u"ports"_s);
        }
    }
    return col.out;
}

} // namespace khepri
