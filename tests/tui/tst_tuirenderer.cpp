// The terminal console's renderer and view state, without a terminal: every
// screen fits any size, ASCII terminals get ASCII, live state is coloured by
// status, the filter and collapsing pick the rows, dialogs and keys show.

#include <QJsonArray>
#include <QTest>

#include "composeimporter.h"
#include "rebuildsettings.h"
#include "testsupport.h"
#include "tuirenderer.h"
#include "tuiviewstate.h"

using namespace Qt::StringLiterals;
using namespace khepri;

namespace {

Composition demo()
{
    Composition c;
    c.name = u"paperless"_s;
    Service broker;
    broker.name = u"broker"_s;
    broker.spec = QJsonObject{{u"image"_s, u"redis:7"_s},
                              {u"networks"_s, QJsonObject{{u"paperless"_s, QJsonObject{}}}},
                              {u"ports"_s, QJsonArray{u"6379:6379"_s}}};
    Service db;
    db.name = u"db"_s;
    db.spec = QJsonObject{{u"image"_s, u"postgres:15"_s}};
    c.services = {broker, db};
    Network n;
    n.name = u"paperless"_s;
    c.networks = {n};
    Volume v;
    v.name = u"pgdata"_s;
    c.volumes = {v};
    return c;
}

LiveItem item(const QString &id, ItemKind kind, const QString &name, LiveStatus status)
{
    LiveItem i;
    i.id = id;
    i.kind = kind;
    i.composition = u"paperless"_s;
    i.name = name;
    i.status = status;
    i.declared = true;
    return i;
}

TuiViewState liveState()
{
    TuiViewState s;
    s.source = u"file demo.nix"_s;
    s.compositions = {demo()};
    s.systemdKnown = s.dockerKnown = s.synced = true;
    s.live = {
        item(u"composition/paperless"_s, ItemKind::Composition, u"paperless"_s,
             LiveStatus::Running),
        item(u"service/paperless/broker"_s, ItemKind::Service, u"broker"_s, LiveStatus::Running),
        item(u"service/paperless/db"_s, ItemKind::Service, u"db"_s, LiveStatus::Failed),
        item(u"network/paperless/paperless"_s, ItemKind::Network, u"paperless"_s,
             LiveStatus::Running),
        item(u"volume/paperless/pgdata"_s, ItemKind::Volume, u"pgdata"_s, LiveStatus::Stopped),
    };
    LiveItem &b = s.live[1];
    b.unit = u"docker-paperless-broker.service"_s;
    b.dockerName = u"paperless-broker"_s;
    ContainerState c;
    c.name = b.dockerName;
    c.status = ContainerStatus::Running;
    c.image = u"redis:7"_s;
    c.startedAt = QDateTime(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC);
    b.container = c;
    UnitState u;
    u.active = ActiveState::Active;
    u.subState = u"running"_s;
    u.nRestarts = 2;
    b.unitState = u;
    s.now = QDateTime(QDate(2024, 1, 1), QTime(13, 5), Qt::UTC);
    s.statsContainer = b.dockerName;
    ContainerStats st;
    st.cpuPercent = 12.5;
    st.memoryUsage = 50 * 1024 * 1024;
    st.memoryLimit = 1024 * 1024 * 1024;
    s.stats = st;
    s.selectedId = b.id;
    return s;
}

QStringList texts(const QList<ScreenLine> &lines)
{
    QStringList out;
    for (const ScreenLine &l : lines)
        out.append(l.text());
    return out;
}

// A detail line: the label in its column, then the value.
QString field(const QString &label, const QString &value)
{
    return label.leftJustified(11) + value;
}

// The first line that contains `needle`, or -1.
int lineWith(const QList<ScreenLine> &lines, const QString &needle)
{
    for (qsizetype i = 0; i < lines.size(); ++i)
        if (lines.at(i).text().contains(needle))
            return int(i);
    return -1;
}

} // namespace

class TstTuiRenderer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fit_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("unicode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fits") << u"abc"_s << 5 << true << u"abc"_s;
        QTest::newRow("cut") << u"abcdef"_s << 4 << true << u"abc…"_s;
        QTest::newRow("cut ascii") << u"abcdef"_s << 4 << false << u"abc~"_s;
        QTest::newRow("control") << u"a\x1b[31mb"_s << 12 << true << u"a\\x1b[31mb"_s;
        QTest::newRow("osc title") << u"\x1b]0;x\x07"_s << 20 << true << u"\\x1b]0;x\\x07"_s;
        QTest::newRow("bidi override") << u"a\u202eb"_s << 20 << false << u"a\\u202eb"_s;
        QTest::newRow("c1 csi") << u"a\u009b2J"_s << 20 << true << u"a\\x9b2J"_s;
        QTest::newRow("tab") << u"a\tb"_s << 10 << true << u"a    b"_s;
        QTest::newRow("non-ascii on ascii") << u"é✓"_s << 5 << false << u"??"_s;
        QTest::newRow("wide") << u"日本語"_s << 5 << true << u"日本…"_s;
        QTest::newRow("zero") << u"abc"_s << 0 << true << QString();
    }
    void fit()
    {
        QFETCH(QString, text);
        QFETCH(int, width);
        QFETCH(bool, unicode);
        QFETCH(QString, expected);
        const QString got = TuiRenderer::fit(text, width, unicode);
        QCOMPARE(got, expected);
        QVERIFY(TuiRenderer::displayWidth(got) <= width);
    }

    void everyScreenFitsEverySize_data()
    {
        QTest::addColumn<int>("screen");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("unicode");
        const QList<std::pair<int, int>> sizes{{80, 24}, {100, 30}, {200, 60}, {40, 10}, {20, 5}};
        for (int screen = 0; screen <= int(TuiScreen::Import); ++screen)
            for (const auto &[w, h] : sizes)
                for (bool u : {true, false})
                    QTest::addRow("screen%d %dx%d %s", screen, w, h, u ? "utf8" : "ascii")
                        << screen << w << h << u;
    }
    void everyScreenFitsEverySize()
    {
        QFETCH(int, screen);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, unicode);
        TuiViewState s = liveState();
        s.screen = TuiScreen(screen);
        s.log.serviceId = u"service/paperless/broker"_s;
        s.log.container = u"paperless-broker"_s;
        for (int i = 0; i < 100; ++i)
            s.log.lines.append(
                {LogStream::Stdout, u"line %1 with ünïcödé and a very long tail "
                                    u"that goes on and on past any terminal width"_s.arg(i)});
        s.rebuild.action = RebuildAction::Switch;
        s.rebuild.running = true;
        s.rebuild.phase = RebuildPhase::Building;
        s.rebuild.progress = {3, 10, 1, 0};
        s.rebuild.log.append(
            {u"building '/nix/store/…-x.drv'"_s, RebuildLogEntry::Severity::Info, {}, 0, 0});
        Diagnostic d;
        d.message = u"khepri.compositions.paperless.services.db: unknown network"_s;
        s.diagnostics = {d};
        s.message = u"stopped docker-paperless-broker.service"_s;
        const QList<ScreenLine> lines = TuiRenderer::render(s, width, height, {unicode});
        QCOMPARE(lines.size(), height);
        for (const ScreenLine &l : lines) {
            const QString text = l.text();
            QVERIFY2(TuiRenderer::displayWidth(text) <= width, qPrintable(text));
            for (const QChar c : text) {
                QVERIFY2(c.unicode() >= 0x20, qPrintable(text));
                if (!unicode)
                    QVERIFY2(c.unicode() < 0x80, qPrintable(text));
            }
        }
    }

    void listShowsLiveStateInColour()
    {
        const QList<ScreenLine> lines = TuiRenderer::render(liveState(), 100, 30);
        const int db = lineWith(lines, u"    db "_s);
        QVERIFY(db > 0);
        QVERIFY(lines.at(db).text().contains(u"failed"_s));
        bool bad = false;
        for (const ScreenSpan &span : lines.at(db).spans)
            bad = bad || (span.style == ScreenStyle::Bad && span.text.contains(u"failed"_s));
        QVERIFY(bad);
        const int vol = lineWith(lines, u"vol pgdata"_s);
        QVERIFY(vol > 0);
        QVERIFY(lines.at(vol).text().contains(u"stopped"_s));
        // The selected row is highlighted across the list.
        const int broker = lineWith(lines, u"    broker"_s);
        QVERIFY(broker > 0);
        QCOMPARE(lines.at(broker).spans.first().style, ScreenStyle::Selected);
    }

    void detailOfAService()
    {
        const QStringList t = texts(TuiRenderer::render(liveState(), 120, 30));
        const QString all = t.join(u'\n');
        QVERIFY(all.contains(field(u"Image"_s, u"redis:7"_s)));
        QVERIFY(all.contains(field(u"Ports"_s, u"6379:6379"_s)));
        QVERIFY(all.contains(field(u"Networks"_s, u"paperless"_s)));
        QVERIFY(
            all.contains(field(u"Unit"_s, u"docker-paperless-broker.service (active/running)"_s)));
        QVERIFY(all.contains(field(u"Container"_s, u"paperless-broker (running)"_s)));
        QVERIFY(all.contains(field(u"Uptime"_s, u"1h 5m"_s)));
        QVERIFY(all.contains(field(u"Restarts"_s, u"2 (unit)"_s)));
        QVERIFY(all.contains(field(u"CPU"_s, u"12.5%"_s)));
        QVERIFY(all.contains(field(u"Memory"_s, u"50.0 MiB / 1.0 GiB"_s)));
        QVERIFY(all.contains(field(u"Drift"_s, u"none"_s)));
    }

    void rowsFromCompositionsBeforeLiveState()
    {
        TuiViewState s;
        s.compositions = {demo()};
        const QList<TuiRow> rows = visibleRows(s);
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows.at(0).kind, ItemKind::Composition);
        QCOMPARE(rows.at(2).id, u"service/paperless/db"_s);
        QCOMPARE(rows.at(2).status, LiveStatus::Unknown);
    }

    void filterAndCollapse()
    {
        TuiViewState s = liveState();
        s.filter = u"BROK"_s;
        QList<TuiRow> rows = visibleRows(s);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(0).id, u"composition/paperless"_s);
        QCOMPARE(rows.at(1).id, u"service/paperless/broker"_s);
        s.filter = u"failed"_s; // by status
        rows = visibleRows(s);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).name, u"db"_s);
        s.filter = u"nothing-like-it"_s;
        QVERIFY(visibleRows(s).isEmpty());
        QVERIFY(lineWith(TuiRenderer::render(s, 80, 24), u"Nothing matches"_s) > 0);
        s.filter.clear();
        s.collapsed.insert(u"paperless"_s);
        QCOMPARE(visibleRows(s).size(), 1);
    }

    void selectionMoves()
    {
        TuiViewState s = liveState();
        QCOMPARE(movedSelection(s, 1), u"service/paperless/db"_s);
        QCOMPARE(movedSelection(s, -5), u"composition/paperless"_s);
        QCOMPARE(movedSelection(s, 100), u"volume/paperless/pgdata"_s);
    }

    void logSearchHighlights()
    {
        TuiViewState s = liveState();
        s.screen = TuiScreen::Logs;
        s.log.serviceId = u"service/paperless/broker"_s;
        s.log.lines = {{LogStream::Stdout, u"hello from broker"_s},
                       {LogStream::Stdout, u"ready to accept connections"_s}};
        s.log.search = u"READY"_s;
        QCOMPARE(logMatches(s.log), QList<int>{1});
        const QList<ScreenLine> lines = TuiRenderer::render(s, 80, 24);
        const int ready = lineWith(lines, u"ready to accept"_s);
        QVERIFY(ready > 0);
        bool match = false;
        for (const ScreenSpan &span : lines.at(ready).spans)
            match = match || (span.style == ScreenStyle::Match && span.text == u"ready"_s);
        QVERIFY(match);
        QVERIFY(lineWith(lines, u"1 matches"_s) >= 0);
    }

    void rebuildProgress()
    {
        TuiViewState s = liveState();
        s.screen = TuiScreen::Rebuild;
        s.rebuild.action = RebuildAction::Test;
        s.rebuild.running = true;
        s.rebuild.phase = RebuildPhase::Building;
        s.rebuild.progress = {5, 10, 0, 0};
        s.rebuild.log.append({u"error: boom"_s, RebuildLogEntry::Severity::Error, {}, 0, 0});
        const QList<ScreenLine> lines = TuiRenderer::render(s, 100, 30, {false});
        QVERIFY(lineWith(lines, u"nixos-rebuild test"_s) > 0);
        QVERIFY(lineWith(lines, u"5/10"_s) > 0);
        QVERIFY(lineWith(lines, u"#####"_s) > 0);
        const int err = lineWith(lines, u"error: boom"_s);
        QVERIFY(err > 0);
        QCOMPARE(lines.at(err).spans.first().style, ScreenStyle::Bad);
    }

    void rebuildShowsTarget()
    {
        TuiViewState s = liveState();
        s.screen = TuiScreen::Rebuild;
        s.rebuild.action = RebuildAction::Switch;
        s.rebuild.running = true;
        s.rebuild.target =
            rebuildTargetNote(u"root@a"_s, true, u"khepri rebuild --target-host local to change"_s);
        const QList<ScreenLine> lines = TuiRenderer::render(s, 120, 30);
        QVERIFY(lineWith(lines,
                         u"deploying to root@a (remembered; khepri rebuild --target-host local to "
                         u"change)"_s)
                > 0);
    }

    // A hostile service name or image reaches the screen escaped, never raw:
    // an escape sequence would retitle the window or clear the screen.
    void controlCharactersInValuesEscaped()
    {
        TuiViewState s = liveState();
        const QString name = u"evil\x1b]0;pwned\x07\x1b[2J"_s;
        s.compositions.first().services[1].name = name;
        s.compositions.first().services[1].spec[u"image"_s] = u"img\x1b[31m"_s;
        s.live[2].name = name;
        s.live[2].id = u"service/paperless/"_s + name;
        s.selectedId = s.live[2].id;
        for (const TuiScreen screen : {TuiScreen::Main, TuiScreen::Detail}) {
            s.screen = screen;
            const QList<ScreenLine> lines = TuiRenderer::render(s, 120, 30);
            for (const ScreenLine &l : lines)
                for (const QChar c : l.text())
                    QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(l.text()));
            QVERIFY(lineWith(lines, u"evil\\x1b]0;pwned\\x07\\x1b[2J"_s) >= 0);
        }
        s.screen = TuiScreen::Detail;
        QVERIFY(lineWith(TuiRenderer::render(s, 120, 30), u"img\\x1b[31m"_s) >= 0);
    }

    void importPreview()
    {
        // The import preview: compose::previewLines as they come, diagnostics
        // coloured by severity, the dialog that asks for the file, the keys.
        compose::ImportOptions options;
        options.files = {test::dataPath(u"compose/not-carried/docker-compose.yml"_s)};
        const auto r = compose::importCompose(options);
        QVERIFY(r.ok());
        TuiViewState s = liveState();
        s.screen = TuiScreen::Import;
        s.importPreview.file = options.files.first();
        s.importPreview.lines = compose::previewLines(r.value());
        s.importPreview.canAccept = true;
        QList<ScreenLine> lines = TuiRenderer::render(s, 200, 60, {false});
        QVERIFY(lineWith(lines, u"Import  "_s + options.files.first()) > 0);
        QVERIFY(lineWith(lines, u"Composition not-carried: 3 service(s)"_s) > 0);
        QVERIFY(lineWith(lines, u"Left out: built"_s) > 0);
        const int links = lineWith(lines, u"services.built-with-image.links is not carried over"_s);
        QVERIFY(links > 0);
        QCOMPARE(lines.at(links).spans.first().style, ScreenStyle::Warn);
        QVERIFY(lines.last().text().contains(u"y add to the compositions"_s));
        s.importPreview.canAccept = false;
        lines = TuiRenderer::render(s, 200, 60, {false});
        QVERIFY(lines.last().text().contains(u"nothing can be added"_s));
        s.dialog = TuiDialog::ImportPath;
        s.input = u"/srv/app/compose.yml"_s;
        lines = TuiRenderer::render(s, 100, 30);
        QVERIFY(lines.at(28).text().contains(u"Import compose file: /srv/app/compose.yml_"_s));
    }

    void dialogsAndFooter()
    {
        TuiViewState s = liveState();
        s.dialog = TuiDialog::Confirm;
        s.confirmText = u"Stop docker-paperless-broker.service?"_s;
        QList<ScreenLine> lines = TuiRenderer::render(s, 100, 30);
        QVERIFY(lines.at(28).text().contains(u"Stop docker-paperless-broker.service?  [y/N]"_s));
        const QString footer = lines.at(29).text();
        for (const QString &key : {u"s start"_s, u"t stop"_s, u"r restart"_s, u"l logs"_s,
                                   u"/ filter"_s, u"b rebuild"_s})
            QVERIFY2(footer.contains(key), qPrintable(footer));
        s.dialog = TuiDialog::RebuildMode;
        lines = TuiRenderer::render(s, 100, 30);
        QVERIFY(lines.at(28).text().contains(u"[s]witch"_s));
        s.dialog = TuiDialog::None;
        s.screen = TuiScreen::Help;
        lines = TuiRenderer::render(s, 100, 30);
        QVERIFY(lineWith(lines, u"reload the flake"_s) > 0);
        QVERIFY(lineWith(lines, u"stop it (asks first)"_s) > 0);
    }

    void diagnosticsScreen()
    {
        TuiViewState s = liveState();
        s.screen = TuiScreen::Diagnostics;
        Diagnostic d;
        d.severity = Diagnostic::Severity::Error;
        d.message = u"unknown network x"_s;
        s.diagnostics = {d};
        s.problems = {Error::make(ErrorCode::NotFound, u"no deployed manifest"_s)};
        const QList<ScreenLine> lines = TuiRenderer::render(s, 100, 30);
        QVERIFY(lineWith(lines, u"unknown network x"_s) > 0);
        QVERIFY(lineWith(lines, u"runtime: no deployed manifest"_s) > 0);
        QVERIFY(lines.first().text().contains(u"1 errors"_s));
    }
};

QTEST_GUILESS_MAIN(TstTuiRenderer)
#include "tst_tuirenderer.moc"
