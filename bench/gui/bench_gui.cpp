// Desktop console figures for 100 and 1,000 services: deriving the graph,
// the Graphviz layout, building the scene, painting it (whole graph fitted,
// and a 1:1 viewport), and resident memory with everything loaded. Plain
// executable printing one line per figure; run under QT_QPA_PLATFORM=offscreen.

#include <cstdio>

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QPainter>
#include <QSignalSpy>

#include "compositionjson.h"
#include "document.h"
#include "graph.h"
#include "graphlayout.h"
#include "graphscene.h"
#include "graphstyle.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

// `services` services in compositions of 50: each joins its composition's
// network, mounts one of its volumes and depends on the previous service.
QList<Composition> compositions(int services)
{
    QJsonObject root;
    const int perComposition = 50;
    for (int c = 0; c * perComposition < services; ++c) {
        QJsonObject svcs;
        const int n = std::min(perComposition, services - c * perComposition);
        for (int i = 0; i < n; ++i) {
            QJsonObject s{{u"image"_s, u"registry.example/app-%1:1"_s.arg(i)},
                          {u"networks"_s, QJsonArray{u"net"_s}},
                          {u"volumes"_s, QJsonArray{u"vol%1:/data"_s.arg(i % 5)}}};
            if (i > 0)
                s.insert(u"dependsOn"_s, QJsonArray{u"svc%1"_s.arg(i - 1, 3, 10, QChar(u'0'))});
            svcs.insert(u"svc%1"_s.arg(i, 3, 10, QChar(u'0')), s);
        }
        QJsonArray volumes;
        for (int v = 0; v < 5; ++v)
            volumes.append(u"vol%1"_s.arg(v));
        root.insert(u"comp%1"_s.arg(c), QJsonObject{{u"services"_s, svcs},
                                                    {u"networks"_s, QJsonArray{u"net"_s}},
                                                    {u"volumes"_s, volumes}});
    }
    return compositionsFromJson(root).value();
}

long rssKiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLong();
    return -1;
}

void figure(int services, const char *what, double value, const char *unit)
{
    std::printf("%5d services  %-40s %10.1f %s\n", services, what, value, unit);
    std::fflush(stdout);
}

void run(int services)
{
    const QList<Composition> comps = compositions(services);
    const long rssBefore = rssKiB();
    QElapsedTimer t;

    t.start();
    const Graph graph = deriveGraph(comps);
    figure(services, "derive graph", double(t.nsecsElapsed()) / 1e6, "ms");

    LayoutRequest request;
    for (const GraphCluster &c : graph.clusters)
        request.clusters.append(c.id);
    for (const GraphNode &n : graph.nodes)
        request.nodes.append({n.id, n.cluster, graphstyle::nodeSize(n.kind)});
    for (const GraphEdge &e : graph.edges)
        request.edges.append({e.from, e.to});
    t.restart();
    const LayoutResult layout = computeLayout(request);
    figure(services, "graphviz layout (dot, in process)", double(t.elapsed()), "ms");

    Document document;
    GraphScene scene(document);
    QSignalSpy laidOut(&scene, &GraphScene::layoutFinished);
    QMap<QString, CompositionOrigin> origins;
    for (const Composition &c : comps)
        origins.insert(c.name, CompositionOrigin{u"/tmp/x.nix"_s, true, {}});
    t.restart();
    document.reset(comps, origins, u"/tmp/x.nix"_s);
    figure(services, "document reset + scene items", double(t.elapsed()), "ms");
    t.restart();
    if (!laidOut.wait(600000))
        std::printf("layout did not finish\n");
    figure(services, "until the scene is laid out (worker)", double(t.elapsed()), "ms");

    const QRectF bounds = scene.itemsBoundingRect();
    QImage image(1200, 800, QImage::Format_ARGB32_Premultiplied);
    auto paint = [&](const QRectF &source) {
        image.fill(Qt::white);
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        scene.render(&p, QRectF(image.rect()), source, Qt::KeepAspectRatio);
    };
    paint(bounds); // warm up
    const int frames = 10;
    t.restart();
    for (int i = 0; i < frames; ++i)
        paint(bounds);
    figure(services, "paint whole graph, 1200x800 (per frame)", double(t.elapsed()) / frames, "ms");
    const QRectF window(bounds.center() - QPointF(600, 400), QSizeF(1200, 800));
    t.restart();
    for (int i = 0; i < frames; ++i)
        paint(window);
    figure(services, "paint 1:1 viewport, 1200x800 (per frame)", double(t.elapsed()) / frames,
           "ms");
    t.restart();
    for (int i = 0; i < 100; ++i)
        document.editField(EntityRef::service(u"comp0"_s, u"svc001"_s), {u"image"_s},
                           QString(u"edit:%1"_s.arg(i)));
    figure(services, "one field edit, scene in sync (avg)", double(t.elapsed()) / 100, "ms");
    figure(services, "resident memory added (document+scene)",
           double(rssKiB() - rssBefore) / 1024.0, "MiB");
    Q_UNUSED(layout)
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QList<int> sizes{100, 1000};
    if (argc > 1)
        sizes = {QString::fromLocal8Bit(argv[1]).toInt()};
    std::printf("khepri GUI bench (Qt %s, %s)\n", qVersion(),
                qPrintable(QGuiApplication::platformName()));
    for (int n : sizes)
        run(n);
    return 0;
}
