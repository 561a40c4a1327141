// khepri tui in a real terminal: a tmux pane of fixed size on a private tmux
// server, against the harness's systemd user manager and dockerd. Units are
// written for the demo compositions' containers (named by the translator,
// via `khepri show --json`), each running busybox printing a line. The test
// reads the screen with capture-pane and waits by polling it with generous
// deadlines (the product itself never polls).

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "../runtime/livefixture.h"
#include "compositionjson.h"
#include "nixwriter.h"
#include "testsupport.h"

using namespace Qt::StringLiterals;
using namespace khepri::test;

namespace {

struct DemoService {
    QString composition;
    QString name;
    QString container;
    QString unit;
};

int run(const QString &program, const QStringList &args, QByteArray *output = nullptr,
        int timeoutMs = 120000)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    if (output)
        *output = p.readAllStandardOutput();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

const QString kDemo = QStringLiteral(KHEPRI_SOURCE_DIR "/examples/demo/compositions.nix");

} // namespace

class TstTuiTerminal : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listShowsServicesWithTheirState();
    void filterThenStopAfterConfirmation();
    void logsShowWhatTheContainerPrinted();
    void resizeRedraws();
    void quitRestoresTheTerminal();
    void ctrlCRestoresTheTerminal();
    void rebuildRefusedOnValidationErrors();

private:
    QStringList tmuxArgs(const QStringList &args) const;
    QByteArray tmux(const QStringList &args);
    QStringList screen();
    bool waitFor(const std::function<bool(const QStringList &)> &condition, int seconds = 60);
    bool waitForText(const QString &text, int seconds = 60);
    void keys(const QStringList &keys);
    void startTui(const QString &marker);
    QString listLine(const QStringList &lines, const QString &service) const;

    QString m_tmux;
    QTemporaryDir m_dir{QDir::tempPath() + u"/kt.XXXXXX"_s};
    QString m_socket;
    bool m_serverUp = false;
    QList<DemoService> m_services;
    QString m_stopped; // the service the stop test stopped
};

QStringList TstTuiTerminal::tmuxArgs(const QStringList &args) const
{
    return QStringList{u"-u"_s, u"-S"_s, m_socket, u"-f"_s, u"/dev/null"_s} + args;
}

QByteArray TstTuiTerminal::tmux(const QStringList &args)
{
    QByteArray out;
    run(m_tmux, tmuxArgs(args), &out, 30000);
    return out;
}

QStringList TstTuiTerminal::screen()
{
    return QString::fromUtf8(tmux({u"capture-pane"_s, u"-p"_s, u"-t"_s, u"tui"_s})).split(u'\n');
}

bool TstTuiTerminal::waitFor(const std::function<bool(const QStringList &)> &condition, int seconds)
{
    QDeadlineTimer deadline(seconds * 1000);
    while (!deadline.hasExpired()) {
        if (condition(screen()))
            return true;
        QThread::msleep(200);
    }
    const QStringList last = screen();
    qWarning().noquote() << "screen at the deadline:\n" << last.join(u'\n');
    return condition(last);
}

bool TstTuiTerminal::waitForText(const QString &text, int seconds)
{
    return waitFor([&](const QStringList &lines) { return lines.join(u'\n').contains(text); },
                   seconds);
}

void TstTuiTerminal::keys(const QStringList &keys)
{
    tmux(QStringList{u"send-keys"_s, u"-t"_s, u"tui"_s} + keys);
}

// The list column's line for a service ("    <name>  …  status").
QString TstTuiTerminal::listLine(const QStringList &lines, const QString &service) const
{
    for (const QString &l : lines)
        if (l.startsWith(u"    "_s + service + u' '))
            return l.left(l.indexOf(u'│') > 0 ? l.indexOf(u'│') : 45);
    return {};
}

void TstTuiTerminal::initTestCase()
{
    m_tmux = QStandardPaths::findExecutable(u"tmux"_s);
    QVERIFY2(!m_tmux.isEmpty(), "tmux is not installed (apt-get install tmux)");
    QVERIFY(m_dir.isValid());
    m_socket = m_dir.filePath(u"tmux"_s);
    QVERIFY(!qEnvironmentVariableIsEmpty("KHEPRI_UNIT_DIR"));

    // The names the module gives the demo's containers and units.
    QByteArray json;
    QCOMPARE(
        run(QStringLiteral(KHEPRI_BINARY), {u"show"_s, u"--json"_s, u"--file"_s, kDemo}, &json), 0);
    QJsonObject root = QJsonDocument::fromJson(json).object();
    if (root.contains(u"compositions"_s))
        root = root.value(u"compositions"_s).toObject();
    for (auto c = root.begin(); c != root.end(); ++c) {
        const QJsonObject services = c.value().toObject().value(u"services"_s).toObject();
        for (auto s = services.begin(); s != services.end(); ++s) {
            const QJsonObject o = s.value().toObject();
            m_services.append({c.key(), s.key(), o.value(u"container"_s).toString(),
                               o.value(u"unit"_s).toString()});
        }
    }
    QVERIFY2(m_services.size() >= 3, json.constData());

    QStringList units;
    for (const DemoService &s : std::as_const(m_services)) {
        QVERIFY(!s.container.isEmpty() && !s.unit.isEmpty());
        docker({u"rm"_s, u"-f"_s, s.container});
        const QString script =
            u"sh -c 'trap \"exit 0\" TERM; echo hello from %1; sleep 1000 & wait'"_s.arg(s.name);
        QVERIFY(writeUnit(
            s.unit, containerUnit(s.container, u"khepri-"_s + s.composition + u".target"_s,
                                  u"khepri-test/busybox:1 "_s + script, u"TimeoutStopSec=20"_s)));
        units.append(s.unit);
    }
    QVERIFY(reloadManager());
    QCOMPARE(run(u"systemctl"_s, QStringList{u"--user"_s, u"start"_s} + units), 0);
    // Every container runs before the console looks.
    QDeadlineTimer deadline(60000);
    for (const DemoService &s : std::as_const(m_services)) {
        QByteArray out;
        while (!deadline.hasExpired()) {
            docker({u"inspect"_s, u"-f"_s, u"{{.State.Running}}"_s, s.container}, &out);
            if (out.startsWith("true"))
                break;
            QThread::msleep(200);
        }
        QVERIFY2(out.startsWith("true"), qPrintable(s.container));
    }

    // A private tmux server with a 100x30 window running a plain shell.
    QCOMPARE(run(m_tmux, tmuxArgs({u"new-session"_s, u"-d"_s, u"-s"_s, u"tui"_s, u"-x"_s, u"100"_s,
                                   u"-y"_s, u"30"_s, u"env"_s, u"PS1=$ "_s, u"sh"_s})),
             0);
    m_serverUp = true;
    startTui(u"KHEPRI-MARKER-BEFORE"_s);
}

void TstTuiTerminal::startTui(const QString &marker)
{
    keys({u"clear; echo "_s + marker + u"; LANG=C.UTF-8 "_s + QStringLiteral(KHEPRI_BINARY)
              + u" tui --user --file "_s + kDemo + u"; echo EXIT=$?"_s,
          u"Enter"_s});
}

void TstTuiTerminal::cleanupTestCase()
{
    if (m_serverUp)
        run(m_tmux, tmuxArgs({u"kill-server"_s}));
    QStringList units;
    for (const DemoService &s : std::as_const(m_services))
        units.append(s.unit);
    if (!units.isEmpty()) {
        run(u"systemctl"_s, QStringList{u"--user"_s, u"stop"_s} + units);
        for (const QString &u : std::as_const(units))
            removeUnit(u);
        reloadManager();
    }
}

void TstTuiTerminal::listShowsServicesWithTheirState()
{
    QVERIFY(waitFor(
        [this](const QStringList &lines) {
            for (const DemoService &s : std::as_const(m_services))
                if (!listLine(lines, s.name).contains(u"running"_s))
                    return false;
            return true;
        },
        120));
    const QStringList lines = screen();
    QVERIFY(lines.first().contains(u"khepri"_s));
    QVERIFY(lines.join(u'\n').contains(u"paperless"_s));
}

void TstTuiTerminal::filterThenStopAfterConfirmation()
{
    // A service named unlike its composition, so the filter selects it.
    DemoService victim, other;
    for (const DemoService &s : std::as_const(m_services)) {
        if (victim.name.isEmpty() && s.name != s.composition)
            victim = s;
        else if (other.name.isEmpty() && s.name != s.composition)
            other = s;
    }
    QVERIFY(!victim.name.isEmpty() && !other.name.isEmpty());
    m_stopped = victim.name;
    keys({u"/"_s});
    QVERIFY(waitForText(u"Filter: _"_s, 20));
    keys({u"-l"_s, victim.name});
    keys({u"Enter"_s});
    // Only the matching service is listed.
    QVERIFY(waitFor([&](const QStringList &lines) {
        return !listLine(lines, victim.name).isEmpty() && listLine(lines, other.name).isEmpty();
    }));

    keys({u"t"_s});
    QVERIFY(waitForText(u"Stop "_s + victim.unit + u"?  [y/N]"_s, 20));
    // Not yet: the unit still runs while the question is asked.
    QByteArray active;
    run(u"systemctl"_s, {u"--user"_s, u"is-active"_s, victim.unit}, &active);
    QCOMPARE(active.trimmed(), QByteArray("active"));
    keys({u"y"_s});
    QVERIFY(waitFor(
        [&](const QStringList &lines) {
            return listLine(lines, victim.name).contains(u"stopped"_s);
        },
        60));
    // The console says "stopped" from "deactivating" on; the unit ends
    // (inactive) once docker run has exited.
    QTRY_COMPARE_WITH_TIMEOUT(
        (run(u"systemctl"_s, {u"--user"_s, u"is-active"_s, victim.unit}, &active),
         active.trimmed()),
        QByteArray("inactive"), 30000);
}

void TstTuiTerminal::logsShowWhatTheContainerPrinted()
{
    DemoService svc;
    for (const DemoService &s : std::as_const(m_services))
        if (s.name != m_stopped && s.name != s.composition)
            svc = s;
    keys({u"Escape"_s}); // clears the filter
    keys({u"/"_s});
    QVERIFY(waitForText(u"Filter: _"_s, 20));
    keys({u"-l"_s, svc.name});
    keys({u"Enter"_s});
    QVERIFY(waitFor([&](const QStringList &lines) {
        return listLine(lines, svc.name).contains(u"running"_s);
    }));
    keys({u"l"_s});
    QVERIFY(waitForText(u"Logs "_s + svc.composition + u'/' + svc.name, 20));
    QVERIFY(waitForText(u"hello from "_s + svc.name, 60));
}

void TstTuiTerminal::resizeRedraws()
{
    tmux({u"resize-window"_s, u"-t"_s, u"tui"_s, u"-x"_s, u"120"_s, u"-y"_s, u"40"_s});
    QVERIFY(waitFor([](const QStringList &lines) {
        // capture-pane ends with a newline: 40 rows and an empty tail.
        return lines.size() >= 40 && lines.at(39).contains(u"Esc back"_s)
               && lines.at(0).contains(u"khepri"_s);
    }));
    keys({u"Escape"_s});
    tmux({u"resize-window"_s, u"-t"_s, u"tui"_s, u"-x"_s, u"80"_s, u"-y"_s, u"24"_s});
    QVERIFY(waitFor([](const QStringList &lines) {
        if (lines.size() < 24)
            return false;
        for (int i = 0; i < 24; ++i)
            if (lines.at(i).size() > 80)
                return false;
        return lines.at(23).contains(u"move"_s) && lines.at(0).contains(u"khepri"_s)
               && lines.at(1).contains(u"NAME"_s);
    }));
    tmux({u"resize-window"_s, u"-t"_s, u"tui"_s, u"-x"_s, u"100"_s, u"-y"_s, u"30"_s});
    QVERIFY(waitFor([](const QStringList &lines) {
        return lines.size() >= 30 && lines.at(29).contains(u"move"_s);
    }));
}

void TstTuiTerminal::quitRestoresTheTerminal()
{
    keys({u"q"_s});
    QVERIFY(waitForText(u"EXIT=0"_s, 30));
    const QStringList lines = screen();
    const QString all = lines.join(u'\n');
    QVERIFY2(all.contains(u"KHEPRI-MARKER-BEFORE"_s), qPrintable(all));
    QVERIFY2(!all.contains(u"NAME"_s), qPrintable(all)); // nothing of the console is left
    QCOMPARE(
        tmux({u"display-message"_s, u"-p"_s, u"-t"_s, u"tui"_s, u"#{alternate_on}"_s}).trimmed(),
        QByteArray("0"));
}

void TstTuiTerminal::ctrlCRestoresTheTerminal()
{
    startTui(u"KHEPRI-MARKER-AGAIN"_s);
    QVERIFY(waitForText(u"NAME"_s, 60));
    QVERIFY(waitForText(u"running"_s, 60));
    keys({u"C-c"_s});
    QVERIFY(waitForText(u"EXIT=0"_s, 30));
    QVERIFY(screen().join(u'\n').contains(u"KHEPRI-MARKER-AGAIN"_s));
    QCOMPARE(
        tmux({u"display-message"_s, u"-p"_s, u"-t"_s, u"tui"_s, u"#{alternate_on}"_s}).trimmed(),
        QByteArray("0"));
}

// The preflight every console shares: a flake whose compositions have a
// validation error is refused before nixos-rebuild starts, with the same
// message the GUI and `khepri rebuild` give.
void TstTuiTerminal::rebuildRefusedOnValidationErrors()
{
    const QString flake = m_dir.filePath(u"flake"_s);
    QVERIFY(QDir().mkpath(flake));
    QVERIFY(copyTree(dataPath(u"flake"_s), flake));
    const auto compositions = khepri::compositionsFromJson(QJsonObject{
        {u"app"_s, QJsonObject{{u"services"_s,
                                QJsonObject{{u"web"_s, QJsonObject{{u"image"_s, u"nginx"_s},
                                                                   {u"networks"_s,
                                                                    QJsonArray{u"nope"_s}}}}}}}}});
    QVERIFY(compositions);
    QFile owned(flake + u"/khepri-compositions.nix"_s);
    QVERIFY(owned.open(QIODevice::WriteOnly));
    owned.write(khepri::writeCompositionsFile(compositions.value()).toUtf8());
    owned.close();
    // nixos-rebuild's stand-in records its arguments if it is ever started.
    const QString args = m_dir.filePath(u"rebuild-args"_s);
    keys({u"clear; KHEPRI_NIXOS_REBUILD="_s + sourcePath(u"tests/rebuild/fake-nixos-rebuild.sh"_s)
              + u" FAKE_REBUILD_ARGS="_s + args + u" LANG=C.UTF-8 "_s
              + QStringLiteral(KHEPRI_BINARY) + u" tui --user --flake path:"_s + flake
              + u"#demo; echo EXIT=$?"_s,
          u"Enter"_s});
    QVERIFY(waitFor(
        [this](const QStringList &lines) { return !listLine(lines, u"web"_s).isEmpty(); }, 120));
    keys({u"b"_s});
    QVERIFY(waitForText(u"Rebuild: [s]witch"_s, 20));
    keys({u"s"_s});
    QVERIFY(waitForText(u"Run nixos-rebuild switch for"_s, 20));
    keys({u"y"_s});
    QVERIFY(waitForText(u"the compositions have errors, so the rebuild would fail:"_s, 60));
    QVERIFY(waitForText(u"khepri.compositions.app.services.web: network \"nope\" is not defined"_s,
                        20));
    QVERIFY(waitForText(u"Fix them (e lists them), then rebuild."_s, 20));
    QVERIFY(!QFile::exists(args)); // nixos-rebuild never started
    keys({u"q"_s});
    QVERIFY(waitForText(u"EXIT=0"_s, 30));
}

QTEST_GUILESS_MAIN(TstTuiTerminal)
#include "tst_tui_terminal.moc"
