// RebuildOutputParser over output recorded from nixos-rebuild (plain and
// --log-format internal-json; success, evaluation error, build failure,
// dry-activate): the phases in order, build and download progress, the
// diagnostics with file and line, the units that changed, and a log that
// keeps every line.

#include <QTest>

#include "rebuildoutputparser.h"
#include "rebuildtestdata.h"

using namespace khepri;
using namespace Qt::StringLiterals;
using khepri::test::recordedOutput;

namespace {
struct Replay {
    QList<RebuildPhase> phases;
    QList<RebuildProgress> progress;
    QList<RebuildLogEntry> entries;
    QList<Error> diagnostics;
    RebuildOutputParser parser;
};

void collect(Replay &r, const RebuildOutputParser::Update &u)
{
    r.entries += u.entries;
    r.diagnostics += u.diagnostics;
    if (u.phaseChanged)
        r.phases.append(r.parser.phase());
    if (u.progressChanged)
        r.progress.append(r.parser.progress());
}

std::unique_ptr<Replay> replay(const QString &name)
{
    auto r = std::make_unique<Replay>();
    for (const auto &line : recordedOutput(name))
        collect(*r,
                r->parser.feed(line.text, line.stdoutLine ? RebuildOutputParser::Stream::Stdout
                                                          : RebuildOutputParser::Stream::Stderr));
    collect(*r, r->parser.finish());
    return r;
}

const QString kStore = u"/nix/store/scnl5p1mxw1qmj47f65hi2bi8vhr9zl5-source/"_s;
} // namespace

class TestRebuildOutputParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void switchSucceeds_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("plain") << u"switch-plain.log"_s;
        QTest::newRow("internal-json") << u"switch-json.log"_s;
    }

    void switchSucceeds()
    {
        QFETCH(QString, file);
        const auto r = replay(file);
        using P = RebuildPhase;
        QCOMPARE(r->phases, (QList<P>{P::Building, P::Downloading, P::Building, P::Activating}));
        QVERIFY(r->diagnostics.isEmpty());

        // Downloads counted up to 2 of 2, builds up to 4 of 4, never past.
        QVERIFY(r->progress.contains(RebuildProgress{4, 4, 0, 0}));
        bool sawDownload = false;
        for (const RebuildProgress &p : r->progress) {
            QVERIFY(p.done <= p.expected);
            sawDownload |= p.expected == 2;
        }
        QVERIFY(sawDownload);
        QCOMPARE(r->parser.progress(), (RebuildProgress{4, 4, 0, 0}));

        const UnitChanges &units = r->parser.units();
        QCOMPARE(units.stopped, QStringList{u"docker-paperless_web.service"_s});
        QCOMPARE(units.reloaded, QStringList{u"dbus.service"_s});
        QCOMPARE(units.restarted, (QStringList{u"docker-paperless_db.service"_s,
                                               u"docker-paperless_broker.service"_s}));
        QCOMPARE(units.started,
                 (QStringList{u"docker-paperless_web.service"_s, u"khepri-paperless.target"_s,
                              u"docker-paperless_tika.service"_s}));

        QStringList texts;
        for (const auto &e : r->entries)
            texts.append(e.text);
        QVERIFY(texts.contains(u"building the system configuration..."_s));
        QVERIFY(texts.contains(u"building '/nix/store/4lmnzx45iy43kwjqn1xna7z3dj8grrz5-etc.drv'"_s)
                || texts.contains(
                    u"building '/nix/store/4lmnzx45iy43kwjqn1xna7z3dj8grrz5-etc.drv'..."_s));
        QVERIFY(texts.contains(u"setting up /etc..."_s));
        QVERIFY(!texts.join(u'\n').contains(u"@nix"_s));
    }

    void plainKeepsEveryLine()
    {
        const auto r = replay(u"switch-plain.log"_s);
        QCOMPARE(r->entries.size(), recordedOutput(u"switch-plain.log"_s).size());
    }

    void structuredBuildLog()
    {
        const auto r = replay(u"switch-json.log"_s);
        int details = 0;
        for (const auto &e : r->entries)
            details += e.severity == RebuildLogEntry::Severity::Detail && e.text == u"installing";
        QCOMPARE(details, 4);
    }

    void evaluationError_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("plain") << u"eval-error-plain.log"_s;
        QTest::newRow("internal-json") << u"eval-error-json.log"_s;
    }

    void evaluationError()
    {
        QFETCH(QString, file);
        const auto r = replay(file);
        QCOMPARE(r->diagnostics.size(), 1);
        const Error &e = r->diagnostics.first();
        QCOMPARE(e.message, u"undefined variable 'pkgs'"_s);
        QCOMPARE(e.file, kStore + u"khepri-compositions.nix"_s);
        QCOMPARE(e.line, 14);
        QCOMPARE(e.column, 19);
        QCOMPARE(r->parser.diagnostics().size(), 1);

        // The log shows the whole error, its first line carrying the location;
        // no escape sequences reach it.
        int first = -1;
        for (int i = 0; i < r->entries.size(); ++i) {
            if (r->entries.at(i).severity == RebuildLogEntry::Severity::Error) {
                first = i;
                break;
            }
        }
        QVERIFY(first >= 0);
        QCOMPARE(r->entries.at(first).text.trimmed(), u"error:"_s);
        QCOMPARE(r->entries.at(first).file, e.file);
        QCOMPARE(r->entries.at(first).line, 14);
        QString all;
        for (const auto &entry : r->entries)
            all += entry.text + u'\n';
        QVERIFY(all.contains(u"       error: undefined variable 'pkgs'\n"_s));
        QVERIFY(all.contains(u"command = [ pkgs.hello ];"_s));
        QVERIFY(!all.contains(QChar(0x1b)));
        QCOMPARE(r->parser.phase(), RebuildPhase::Evaluating);
    }

    void buildFailure()
    {
        const auto r = replay(u"build-failure-plain.log"_s);
        QCOMPARE(r->diagnostics.size(), 2);
        QCOMPARE(r->diagnostics.at(0).code, ErrorCode::Build);
        QCOMPARE(r->diagnostics.at(0).message,
                 u"builder for "
                 u"'/nix/store/6cp643dzvlxxpkgbg5kzmwj47sam9zs2-unit-docker-paperless_web.service."
                 u"drv' failed with exit code 1"_s);
        QVERIFY(r->diagnostics.at(1).message.startsWith(u"1 dependencies of derivation"_s));
        QCOMPARE(r->parser.phase(), RebuildPhase::Building);
        QCOMPARE(r->parser.progress(), (RebuildProgress{0, 2, 1, 0}));
        // The build log excerpt stays in the log, as errors.
        bool excerpt = false;
        for (const auto &e : r->entries)
            excerpt |= e.severity == RebuildLogEntry::Severity::Error
                       && e.text.contains(u"> error: unit file check failed"_s);
        QVERIFY(excerpt);
    }

    void dryActivate()
    {
        const auto r = replay(u"dry-activate-plain.log"_s);
        QCOMPARE(r->parser.phase(), RebuildPhase::Activating);
        const UnitChanges &units = r->parser.units();
        QCOMPARE(units.stopped, QStringList{u"docker-paperless_web.service"_s});
        QCOMPARE(units.restarted, QStringList{u"docker-paperless_db.service"_s});
        QCOMPARE(units.started, QStringList{u"docker-paperless_web.service"_s});
        QCOMPARE(units.reloaded, QStringList{u"dbus.service"_s});
    }

    void errorBlockEndsAtNextMessage()
    {
        RebuildOutputParser parser;
        auto u = parser.feed(u"error: getting status of '/srv/cfg/x.nix': No such file"_s,
                             RebuildOutputParser::Stream::Stderr);
        QVERIFY(u.entries.isEmpty()); // held back until the block ends
        u = parser.feed(u"warning: Git tree '/srv/cfg' is dirty"_s,
                        RebuildOutputParser::Stream::Stderr);
        QCOMPARE(u.diagnostics.size(), 1);
        QCOMPARE(u.entries.size(), 2);
        QCOMPARE(u.entries.at(0).severity, RebuildLogEntry::Severity::Error);
        QCOMPARE(u.entries.at(1).severity, RebuildLogEntry::Severity::Warning);
    }
};

QTEST_GUILESS_MAIN(TestRebuildOutputParser)
#include "tst_rebuildoutputparser.moc"
