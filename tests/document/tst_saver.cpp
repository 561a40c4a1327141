// Saver against the real nix and git: a save writes the owned file, keeps the
// previous one as the backup, verifies by reading it back with nix and leaves
// the undo stack clean; a file changed behind khepri's back is never
// overwritten; a failed verification (or no nix at all) leaves the previous
// file in place; a new file in a git work tree is added with intent-to-add.

#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include "compositiongenerator.h"
#include "compositionjson.h"
#include "document.h"
#include "nixwriter.h"
#include "saver.h"

using namespace khepri;
using namespace Qt::StringLiterals;

using SaveResult = Result<SaveOutcome>;

namespace {

QList<Composition> sampleCompositions()
{
    const QJsonObject json{
        {u"app"_s,
         QJsonObject{
             {u"services"_s,
              QJsonObject{
                  {u"web"_s, QJsonObject{{u"image"_s, u"nginx:1.25"_s},
                                         {u"ports"_s, QJsonArray{u"8080:80/tcp"_s}},
                                         {u"dependsOn"_s, QJsonArray{u"db"_s}}}},
                  {u"db"_s, QJsonObject{{u"image"_s, u"postgres:16"_s},
                                        {u"environment"_s,
                                         QJsonObject{{u"PGDATA"_s, u"/var/lib/pg \"${x}\""_s}}}}},
              }}}}};
    auto result = compositionsFromJson(json);
    return result.ok() ? result.value() : QList<Composition>{};
}

// A Document owning `file`, loaded with `compositions`; the baseline is what
// is on disk now.
void resetDocument(Document &document, const QList<Composition> &compositions, const QString &file)
{
    QMap<QString, CompositionOrigin> origins;
    for (const Composition &c : compositions)
        origins.insert(c.name, CompositionOrigin{file, true, {}});
    document.reset(compositions, origins, file);
    QFile f(file);
    if (f.open(QIODevice::ReadOnly))
        document.setOwnedFileBaseline(f.readAll());
    else
        document.setOwnedFileBaseline(std::nullopt);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(content) == content.size();
}

SaveResult saveAndWait(Saver &saver)
{
    QSignalSpy spy(&saver, &Saver::finished);
    saver.save();
    if (!spy.wait(120000))
        return Error::make(ErrorCode::Timeout, u"no finished() within two minutes"_s);
    // Exactly one answer per call: nothing more arrives afterwards.
    QTest::qWait(50);
    if (spy.size() != 1)
        return Error::make(ErrorCode::Timeout, u"finished() emitted %1 times"_s.arg(spy.size()));
    return spy.first().first().value<SaveResult>();
}

QString describe(const SaveResult &r)
{
    return r.ok() ? u"ok"_s : r.error().toString();
}

// Runs git in `dir`; its standard output, or nothing when it fails.
std::optional<QByteArray> git(const QString &dir, const QStringList &arguments)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(u"git"_s, arguments);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return std::nullopt;
    return p.readAllStandardOutput();
}

// Applies a unified diff to `text`, checking every context and removed line;
// nothing when the diff does not fit.
std::optional<QString> applyDiff(const QString &text, const QString &diff)
{
    QStringList in = text.split(u'\n');
    if (text.endsWith(u'\n'))
        in.removeLast();
    QStringList out;
    qsizetype at = 0;                   // next line of `in` not yet copied
    qsizetype oldLeft = 0, newLeft = 0; // lines the current hunk still announces
    const QStringList lines = diff.split(u'\n');
    static const QRegularExpression header(u"^@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@$"_s);
    for (qsizetype i = 2; i < lines.size(); ++i) {
        const QString &l = lines.at(i);
        if (l.isEmpty())
            continue;
        const auto m = header.match(l);
        if (m.hasMatch()) {
            if (oldLeft != 0 || newLeft != 0)
                return std::nullopt;
            const qsizetype start = m.captured(1).toLongLong();
            oldLeft = m.captured(2).toLongLong();
            newLeft = m.captured(4).toLongLong();
            const qsizetype first = oldLeft == 0 ? start : start - 1;
            const qsizetype newFirst =
                newLeft == 0 ? m.captured(3).toLongLong() : m.captured(3).toLongLong() - 1;
            if (first < at || newFirst != out.size() + (first - at))
                return std::nullopt;
            while (at < first)
                out.append(in.at(at++));
            continue;
        }
        const QString body = l.mid(1);
        if (l.startsWith(u' ') || l.startsWith(u'-')) {
            if (at >= in.size() || in.at(at) != body)
                return std::nullopt;
            ++at;
            --oldLeft;
            if (l.startsWith(u' ')) {
                out.append(body);
                --newLeft;
            }
        } else if (l.startsWith(u'+')) {
            out.append(body);
            --newLeft;
        } else {
            return std::nullopt;
        }
    }
    if (oldLeft != 0 || newLeft != 0)
        return std::nullopt;
    while (at < in.size())
        out.append(in.at(at++));
    return out.isEmpty() ? QString() : QString(out.join(u'\n') + u'\n');
}

int modeOf(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 07777) : -1;
}

void editWeb(Document &document, const QString &image)
{
    const auto edited =
        document.editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s}, QJsonValue(image));
    QVERIFY(edited.ok());
}

// An owned file holding khepri's text of sampleCompositions(), and a
// document owning it with one edit not saved yet.
struct EditedFile {
    explicit EditedFile(const QString &path)
        : file(path)
        , previous(writeCompositionsFile(sampleCompositions()).toUtf8())
    {
        ok = writeFile(file, previous);
        resetDocument(document, sampleCompositions(), file);
        ok = ok
             && document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:2"_s))
                    .ok();
    }
    QString file;
    QByteArray previous;
    Document document;
    Saver saver{document};
    bool ok = false;
};

// Puts `dir` first on PATH for the lifetime of the object.
class PathOverride {
public:
    explicit PathOverride(const QString &path)
        : m_saved(qgetenv("PATH"))
    {
        qputenv("PATH", path.toLocal8Bit());
    }
    ~PathOverride() { qputenv("PATH", m_saved); }
    PathOverride(const PathOverride &) = delete;
    PathOverride &operator=(const PathOverride &) = delete;

private:
    QByteArray m_saved;
};

} // namespace

class TestSaver : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pendingTextIsTheWritersOutput()
    {
        Document document;
        resetDocument(document, sampleCompositions(), u"/nonexistent/khepri-compositions.nix"_s);
        Saver saver(document);
        QCOMPARE(saver.pendingText(), writeCompositionsFile(document.ownedCompositions()));
        QVERIFY(saver.pendingText().contains(u"nginx:1.25"_s));
    }

    void diffAgainstDisk()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);

        // No file yet: everything is added.
        auto diff = saver.diffAgainstDisk();
        QVERIFY(diff.ok());
        QVERIFY(diff.value().startsWith(
            u"--- /dev/null\n+++ b/khepri-compositions.nix\n@@ -0,0 +1,"_s));
        const int lines = int(saver.pendingText().count(u'\n'));
        QVERIFY(diff.value().contains(u"@@ -0,0 +1,%1 @@\n"_s.arg(lines)));

        // Equal: empty.
        QVERIFY(writeFile(file, saver.pendingText().toUtf8()));
        diff = saver.diffAgainstDisk();
        QVERIFY(diff.ok());
        QCOMPARE(diff.value(), QString());

        // One value changed on disk: one line out, one line in, with context.
        QByteArray edited = saver.pendingText().toUtf8();
        edited.replace("nginx:1.25", "nginx:1.24");
        QVERIFY(writeFile(file, edited));
        diff = saver.diffAgainstDisk();
        QVERIFY(diff.ok());
        const QString text = diff.value();
        QVERIFY2(text.startsWith(
                     u"--- a/khepri-compositions.nix\n+++ b/khepri-compositions.nix\n@@ -"_s),
                 qPrintable(text));
        QVERIFY2(text.contains(u"\n-"_s) && text.contains(u"nginx:1.24\""_s), qPrintable(text));
        QVERIFY2(text.contains(u"\n+"_s) && text.contains(u"nginx:1.25\""_s), qPrintable(text));
        const QStringList diffLines = text.split(u'\n');
        QCOMPARE(diffLines.filter(QRegularExpression(u"^-(?!--)"_s)).size(), 1);
        QCOMPARE(diffLines.filter(QRegularExpression(u"^\\+(?!\\+\\+)"_s)).size(), 1);
        QCOMPARE(diffLines.filter(QRegularExpression(u"^@@ "_s)).size(), 1);
        QCOMPARE(diffLines.filter(QRegularExpression(u"^ "_s)).size(), 6); // context
    }

    void diffAppliesBack_data()
    {
        QTest::addColumn<int>("compositions");
        QTest::addColumn<bool>("related");
        QTest::newRow("small, related") << 4 << true;
        QTest::newRow("small, unrelated") << 4 << false;
        QTest::newRow("large, unrelated") << 60 << false; // beyond the LCS table's size
    }

    void diffAppliesBack()
    {
        // Applying the diff to the disk text gives exactly the pending text.
        QFETCH(int, compositions);
        QFETCH(bool, related);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        test::CompositionGenerator generator(99, false);
        QJsonObject diskJson = generator.compositions(compositions, 4);
        QJsonObject modelJson = related ? diskJson : generator.compositions(compositions, 4);
        if (related) { // drop one, add one, change one
            modelJson.remove(modelJson.begin().key());
            modelJson.insert(u"zz-added"_s, generator.plainComposition(3));
            diskJson.insert(u"mm-changed"_s, generator.plainComposition(5));
            modelJson.insert(u"mm-changed"_s, generator.plainComposition(6));
        }
        const auto disk = compositionsFromJson(diskJson);
        const auto model = compositionsFromJson(modelJson);
        QVERIFY(disk.ok() && model.ok());
        const QString diskText = writeCompositionsFile(disk.value());
        QVERIFY(writeFile(file, diskText.toUtf8()));
        Document document;
        resetDocument(document, model.value(), file);
        Saver saver(document);
        const auto diff = saver.diffAgainstDisk();
        QVERIFY(diff.ok());
        QVERIFY(!diff.value().isEmpty());
        const auto applied = applyDiff(diskText, diff.value());
        QVERIFY2(applied.has_value(), qPrintable(diff.value().left(2000)));
        QCOMPARE(*applied, saver.pendingText());
    }

    void saveNewFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);
        const QString expected = saver.pendingText();

        const SaveResult r = saveAndWait(saver);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(r.value().file, file);
        QVERIFY(r.value().created);
        QCOMPARE(r.value().backup, QString());
        QVERIFY(!r.value().gitAdded); // not in a git work tree
        QCOMPARE(readFile(file), expected.toUtf8());
        QVERIFY(!QFile::exists(Saver::backupPath(file)));
        QCOMPARE(document.ownedFileBaseline(), std::optional<QByteArray>(expected.toUtf8()));
        QCOMPARE(saver.diffAgainstDisk().value(), QString());
    }

    void saveKeepsBackupAndCleansUndoStack()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        const QByteArray previous = writeCompositionsFile(sampleCompositions()).toUtf8();
        QVERIFY(writeFile(file, previous));
        const auto ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
        QVERIFY(QFile::setPermissions(file, ownerOnly));
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);

        auto edited = document.editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                                         QJsonValue(u"nginx:1.27 \\ ''${not interpolated}"_s));
        QVERIFY(edited.ok());
        QVERIFY(!document.undoStack()->isClean());
        const QByteArray expected = saver.pendingText().toUtf8();
        QVERIFY(expected != previous);

        const SaveResult r = saveAndWait(saver);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QVERIFY(!r.value().created);
        QCOMPARE(r.value().backup, file + u'~');
        QCOMPARE(readFile(r.value().backup), previous);
        QCOMPARE(readFile(file), expected);
        // Neither the file nor its backup becomes readable by more people.
        const auto others = [](const QString &path) {
            return (QFile::permissions(path)
                    & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther))
                .toInt();
        };
        QCOMPARE(others(file), 0);
        QCOMPARE(others(r.value().backup), 0);
        QVERIFY(document.undoStack()->isClean());
        QVERIFY(!document.isModified());
        QCOMPARE(document.ownedFileBaseline(), std::optional<QByteArray>(expected));

        // The next save starts from the new baseline: no conflict.
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"db"_s), {u"image"_s},
                               QJsonValue(u"postgres:17"_s))
                    .ok());
        const SaveResult again = saveAndWait(saver);
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QCOMPARE(readFile(again.value().backup), expected);
    }

    void saveHostileCompositions()
    {
        // Work in progress with hostile strings and names, validation errors
        // included: saved and verified by the real nix.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        test::CompositionGenerator generator(4242);
        const auto model = compositionsFromJson(generator.compositions(40, 3));
        QVERIFY(model.ok());
        Document document;
        resetDocument(document, model.value(), file);
        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(readFile(file), saver.pendingText().toUtf8());
    }

    void conflict_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("summary");
        QTest::newRow("modified") << u"modified"_s << u"was modified on disk"_s
                                  << u"(+2 \u22121 lines)"_s;
        QTest::newRow("deleted") << u"deleted"_s << u"was deleted on disk"_s << u"lines)"_s;
        QTest::newRow("created") << u"created"_s << u"was created on disk"_s
                                 << u"(+3 \u22120 lines)"_s;
    }

    void conflict()
    {
        QFETCH(QString, change);
        QFETCH(QString, word);
        QFETCH(QString, summary);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        const QByteArray loaded = writeCompositionsFile(sampleCompositions()).toUtf8();
        if (change != u"created"_s)
            QVERIFY(writeFile(file, loaded));
        Document document;
        resetDocument(document, sampleCompositions(), file);
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:2"_s))
                    .ok());

        // Someone else changes the file after khepri loaded it.
        QByteArray behindOurBack;
        if (change == u"modified"_s) {
            behindOurBack = loaded;
            behindOurBack.replace("postgres:16", "postgres:15");
            behindOurBack.append("# note\n");
            QVERIFY(writeFile(file, behindOurBack));
        } else if (change == u"deleted"_s) {
            QVERIFY(QFile::remove(file));
        } else {
            behindOurBack = "{ ... }:\n{\n}\n";
            QVERIFY(writeFile(file, behindOurBack));
        }

        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveConflict);
        QVERIFY2(r.error().message.contains(word), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(summary), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(u"nothing was written"_s),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"Reload"_s) && r.error().hint.contains(u"another file"_s),
                 qPrintable(r.error().hint));
        // The file is untouched; no backup was made; the edit is still unsaved.
        if (change == u"deleted"_s)
            QVERIFY(!QFile::exists(file));
        else
            QCOMPARE(readFile(file), behindOurBack);
        QVERIFY(!QFile::exists(Saver::backupPath(file)));
    }

    void verificationMismatchRestoresPreviousFile_data()
    {
        QTest::addColumn<bool>("existed");
        QTest::newRow("existing file") << true;
        QTest::newRow("new file") << false;
    }

    void verificationMismatchRestoresPreviousFile()
    {
        QFETCH(bool, existed);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        const QByteArray previous = writeCompositionsFile(sampleCompositions()).toUtf8();
        if (existed)
            QVERIFY(writeFile(file, previous));
        Document document;
        resetDocument(document, sampleCompositions(), file);
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:2"_s))
                    .ok());

        // A stand-in for nix-instantiate, only to force the mismatch: our
        // writer and nix agree on every value we can produce, so a real
        // mismatch cannot be provoked. It prints a valid evaluation whose web
        // image differs from the model.
        const QString bin = dir.filePath(u"bin"_s);
        QVERIFY(QDir().mkpath(bin));
        const QString fake = bin + u"/nix-instantiate"_s;
        QVERIFY(writeFile(fake, "#!/bin/sh\n"
                                "echo '{\"app\":{\"services\":{\"db\":{\"image\":\"postgres:16\","
                                "\"environment\":{\"PGDATA\":\"/var/lib/pg \\\"${x}\\\"\"}},"
                                "\"web\":{\"image\":\"nginx:tampered\"}}}}'\n"));
        QVERIFY(
            QFile::setPermissions(fake, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        const PathOverride path(bin + u':' + qEnvironmentVariable("PATH"));

        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveVerifyFailed);
        QVERIFY2(r.error().message.contains(u"composition app"_s), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains(u"service web"_s), qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"restored"_s), qPrintable(r.error().hint));
        if (existed) {
            QCOMPARE(readFile(file), previous);
            QCOMPARE(readFile(Saver::backupPath(file)), previous);
        } else {
            QVERIFY(!QFile::exists(file));
        }
        QCOMPARE(document.ownedFileBaseline(),
                 existed ? std::optional<QByteArray>(previous) : std::nullopt);
    }

    void nulCannotBeSaved()
    {
        // A value the writer cannot represent: Nix strings cannot hold NUL
        // (nix stops reading the string there). The editor refuses it, but a
        // Document reset with such a value hands it to the Saver, which must
        // refuse it before writing anything — the file on disk keeps its bytes
        // and its inode, and no backup is made.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        const QByteArray previous = writeCompositionsFile(sampleCompositions()).toUtf8();
        QVERIFY(writeFile(file, previous));
        struct stat before = {};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &before), 0);

        QList<Composition> withNul = sampleCompositions();
        QVERIFY(!withNul.isEmpty());
        auto web = std::find_if(withNul.first().services.begin(), withNul.first().services.end(),
                                [](const Service &sv) { return sv.name == u"web"_s; });
        QVERIFY(web != withNul.first().services.end());
        web->spec.insert(u"image"_s, QString(u"nginx"_s + QChar(u'\0') + u"evil"_s));
        Document document;
        document.reset(withNul, {{withNul.first().name, CompositionOrigin{file, true, {}}}}, file);
        document.setOwnedFileBaseline(previous);
        Saver saver(document);
        // The NUL reached the Saver: what it would write holds it.
        QVERIFY(saver.pendingText().contains(QChar(u'\0')));

        const SaveResult r = saveAndWait(saver);
        QVERIFY2(!r.ok(), "a NUL character was saved");
        QCOMPARE(r.error().code, ErrorCode::SaveUnrepresentable);
        QVERIFY2(r.error().message.contains(u"services.web.image"_s)
                     && r.error().message.contains(u"NUL"_s)
                     && r.error().message.contains(u"nothing was written"_s),
                 qPrintable(r.error().message));
        QVERIFY2(!r.error().hint.isEmpty(), "the refusal says what to do");
        QCOMPARE(readFile(file), previous);
        struct stat after = {};
        QCOMPARE(::stat(QFile::encodeName(file).constData(), &after), 0);
        QCOMPARE(after.st_ino, before.st_ino); // not replaced, not even restored
        QVERIFY(!QFile::exists(Saver::backupPath(file)));
    }

    void nixMissingRestoresPreviousFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        const QByteArray previous = writeCompositionsFile(sampleCompositions()).toUtf8();
        QVERIFY(writeFile(file, previous));
        Document document;
        resetDocument(document, sampleCompositions(), file);
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:2"_s))
                    .ok());

        const QString empty = dir.filePath(u"empty-bin"_s);
        QVERIFY(QDir().mkpath(empty));
        const PathOverride path(empty);
        QVERIFY(QStandardPaths::findExecutable(u"nix-instantiate"_s).isEmpty());

        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveVerifyFailed);
        QVERIFY2(r.error().message.contains(u"nix is not installed"_s),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"Install Nix"_s), qPrintable(r.error().hint));
        QVERIFY2(r.error().hint.contains(u"previous file was restored"_s),
                 qPrintable(r.error().hint));
        QCOMPARE(readFile(file), previous);
    }

    void newFileInGitRepositoryIsIntentToAdd()
    {
        QVERIFY2(!QStandardPaths::findExecutable(u"git"_s).isEmpty(),
                 "git is not installed (apt-get install git)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(git(dir.path(), {u"init"_s, u"-q"_s}).has_value());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);

        const SaveResult r = saveAndWait(saver);
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QVERIFY(r.value().created);
        QVERIFY(r.value().gitAdded);
        const QByteArray status =
            git(dir.path(), {u"status"_s, u"--porcelain"_s, u"--"_s, u"khepri-compositions.nix"_s})
                .value_or("git status failed");
        QVERIFY2(status.startsWith(" A khepri-compositions.nix")
                     || status.startsWith("AM khepri-compositions.nix"),
                 status.constData());

        // Saving again: already tracked, nothing to add.
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:2"_s))
                    .ok());
        const SaveResult again = saveAndWait(saver);
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QVERIFY(!again.value().gitAdded);
    }

    void secondSaveWhileRunningIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);
        QSignalSpy spy(&saver, &Saver::finished);
        saver.save();
        saver.save();
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 120000);
        QTest::qWait(50);
        QCOMPARE(spy.size(), 2);
        const auto first = spy.at(0).first().value<SaveResult>();
        const auto second = spy.at(1).first().value<SaveResult>();
        QVERIFY(!first.ok());
        QCOMPARE(first.error().code, ErrorCode::SaveBusy);
        QVERIFY2(second.ok(), qPrintable(describe(second)));
    }

    void editDuringVerificationStaysModified()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"khepri-compositions.nix"_s);
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);
        const QByteArray written = saver.pendingText().toUtf8();
        QSignalSpy spy(&saver, &Saver::finished);
        saver.save();
        // nix is still evaluating: the user edits on.
        QVERIFY(document
                    .editField(EntityRef::service(u"app"_s, u"web"_s), {u"image"_s},
                               QJsonValue(u"nginx:3"_s))
                    .ok());
        QVERIFY(spy.wait(120000));
        const auto r = spy.first().first().value<SaveResult>();
        QVERIFY2(r.ok(), qPrintable(describe(r)));
        QCOMPARE(readFile(file), written);
        QCOMPARE(document.ownedFileBaseline(), std::optional<QByteArray>(written));
    }

    // ---------------------------------------------------------- hardening

    void backupSymlinkIsRefused()
    {
        // own.nix~ -> a victim elsewhere: the save writes neither through
        // the link nor changes the victim's mode.
        QTemporaryDir dir;
        QTemporaryDir elsewhere;
        QVERIFY(dir.isValid() && elsewhere.isValid());
        EditedFile owned(dir.filePath(u"own.nix"_s));
        QVERIFY(owned.ok);
        const QString victim = elsewhere.filePath(u"victim"_s);
        QVERIFY(writeFile(victim, "secret\n"));
        QCOMPARE(::chmod(QFile::encodeName(victim).constData(), 0600), 0);
        QVERIFY(QFile::link(victim, Saver::backupPath(owned.file)));

        const SaveResult r = saveAndWait(owned.saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveBackupUnsafe);
        QVERIFY2(r.error().message.contains(u"symbolic link"_s), qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"Nothing was saved"_s), qPrintable(r.error().hint));
        QCOMPARE(readFile(victim), QByteArray("secret\n"));
        QCOMPARE(modeOf(victim), 0600);
        QVERIFY(QFileInfo(Saver::backupPath(owned.file)).isSymLink());
        QCOMPARE(readFile(owned.file), owned.previous);
        QVERIFY(owned.document.isModified());
    }

    void foreignBackupIsRefused()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        EditedFile owned(dir.filePath(u"own.nix"_s));
        QVERIFY(owned.ok);
        const QString backup = Saver::backupPath(owned.file);
        QVERIFY(writeFile(backup, "my own notes, not khepri's\n"));

        const SaveResult r = saveAndWait(owned.saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveBackupForeign);
        QVERIFY2(r.error().message.contains(u"not written by khepri"_s),
                 qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(backup), qPrintable(r.error().hint));
        QCOMPARE(readFile(backup), QByteArray("my own notes, not khepri's\n"));
        QCOMPARE(readFile(owned.file), owned.previous);

        // Moved away as the message says: the save goes through.
        QVERIFY(QFile::rename(backup, backup + u".orig"_s));
        const SaveResult again = saveAndWait(owned.saver);
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QCOMPARE(readFile(backup), owned.previous);
    }

    void backupIsNeverReadableByOthers()
    {
        // A 0600 file's backup (and every temporary file on the way) never
        // has a group or other bit, not even for a moment: a thread looks at
        // the directory as fast as it can while the file is saved again and
        // again.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(u"own.nix"_s);
        QVERIFY(writeFile(file, writeCompositionsFile(sampleCompositions()).toUtf8()));
        QCOMPARE(::chmod(QFile::encodeName(file).constData(), 0600), 0);
        const mode_t savedMask = ::umask(022); // what would make new files 0644

        std::atomic<bool> stop = false;
        std::atomic<int> backupSeen = 0;
        QStringList wide; // written by the watcher only, read after join
        std::thread watcher([&] {
            const QByteArray path = QFile::encodeName(dir.path());
            while (!stop) {
                DIR *d = ::opendir(path.constData());
                if (!d)
                    continue;
                while (dirent *e = ::readdir(d)) {
                    const QByteArray name(e->d_name);
                    if (name == "." || name == ".." || name == "own.nix" || name.endsWith(".lock"))
                        continue;
                    struct stat st = {};
                    const QByteArray full = path + '/' + name;
                    if (::lstat(full.constData(), &st) != 0)
                        continue;
                    if (name == "own.nix~")
                        ++backupSeen;
                    const QString entry =
                        QString::fromUtf8(name) + u' ' + QString::number(st.st_mode & 07777, 8);
                    if ((st.st_mode & 077) && !wide.contains(entry))
                        wide.append(entry);
                }
                ::closedir(d);
            }
        });

        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);
        QString failure;
        for (int round = 0; round < 12 && failure.isEmpty(); ++round) {
            editWeb(document, u"nginx:%1"_s.arg(round));
            const SaveResult r = saveAndWait(saver);
            if (!r.ok())
                failure = describe(r);
        }
        stop = true;
        watcher.join();
        ::umask(savedMask);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(backupSeen > 0); // the watcher did look
        QVERIFY2(wide.isEmpty(), qPrintable(u"readable by others: "_s + wide.join(u", "_s)));
        QCOMPARE(modeOf(Saver::backupPath(file)), 0600);
        QCOMPARE(modeOf(file), 0600);
    }

    void lockHeldElsewhereIsNamed()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        EditedFile owned(dir.filePath(u"own.nix"_s));
        QVERIFY(owned.ok);
        // Another saver, as a lock file with its flock and its name.
        const QString lockFile = dir.filePath(u".own.nix.lock"_s);
        const int fd = ::open(QFile::encodeName(lockFile).constData(), O_RDWR | O_CREAT, 0600);
        QVERIFY(fd >= 0);
        QCOMPARE(::flock(fd, LOCK_EX), 0);
        QVERIFY(::write(fd, "4242 othersaver\n", 16) == 16);

        owned.saver.setLockTimeout(300);
        const SaveResult r = saveAndWait(owned.saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveLocked);
        QVERIFY2(r.error().message.contains(u"pid 4242 (othersaver)"_s),
                 qPrintable(r.error().message));
        QCOMPARE(readFile(owned.file), owned.previous);
        QVERIFY(!QFile::exists(Saver::backupPath(owned.file)));

        // Released while the next save waits: that save goes through.
        owned.saver.setLockTimeout(60000);
        QTimer::singleShot(200, this, [fd] { ::close(fd); });
        const SaveResult again = saveAndWait(owned.saver);
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QCOMPARE(readFile(Saver::backupPath(owned.file)), owned.previous);
        // The lock file is private and names nobody once the save is done.
        QCOMPARE(modeOf(lockFile), 0600);
        QCOMPARE(readFile(lockFile), QByteArray());
    }

    void lockFileSymlinkIsRefused()
    {
        QTemporaryDir dir;
        QTemporaryDir elsewhere;
        QVERIFY(dir.isValid() && elsewhere.isValid());
        const QString file = dir.filePath(u"own.nix"_s);
        const QString victim = elsewhere.filePath(u"victim"_s);
        QVERIFY(writeFile(victim, "secret\n"));
        QCOMPARE(::chmod(QFile::encodeName(victim).constData(), 0644), 0);
        QVERIFY(QFile::link(victim, dir.filePath(u".own.nix.lock"_s)));
        Document document;
        resetDocument(document, sampleCompositions(), file);
        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::SaveLockUnsafe);
        QVERIFY2(r.error().message.contains(u"symbolic link"_s), qPrintable(r.error().message));
        QCOMPARE(readFile(victim), QByteArray("secret\n"));
        QCOMPARE(modeOf(victim), 0644);
        QVERIFY(!QFile::exists(file));
    }

    void fullDiskSaysSoAndChangesNothing()
    {
        // A 64 KiB tmpfs, filled up: the save fails saying the disk is full,
        // and the file, its directory and the document are as before.
        QVERIFY2(::geteuid() == 0, "mounting a small tmpfs needs root (./scripts/test runs as "
                                   "root)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QByteArray mountPoint = QFile::encodeName(dir.path());
        QVERIFY2(::mount("tmpfs", mountPoint.constData(), "tmpfs", 0, "size=64k,mode=0700") == 0,
                 qPrintable(u"mount: "_s + QString::fromLocal8Bit(std::strerror(errno))));
        const auto unmount = qScopeGuard([&] { ::umount2(mountPoint.constData(), MNT_DETACH); });
        EditedFile owned(dir.filePath(u"own.nix"_s));
        QVERIFY(owned.ok);
        // The lock file exists before the disk fills (an empty file takes no
        // block); what fills the disk is everything else.
        QVERIFY(writeFile(dir.filePath(u".own.nix.lock"_s), QByteArray()));
        {
            QFile filler(dir.filePath(u"filler"_s));
            QVERIFY(filler.open(QIODevice::WriteOnly));
            const QByteArray block(4096, 'x');
            while (filler.write(block) == block.size() && filler.flush()) {
            }
        }
        const QStringList before =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);

        const SaveResult r = saveAndWait(owned.saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::DiskFull);
        QVERIFY2(r.error().message.contains(u"is full"_s), qPrintable(r.error().message));
        QVERIFY2(r.error().hint.contains(u"Free some space"_s), qPrintable(r.error().hint));
        QVERIFY2(r.error().hint.contains(u"Nothing was saved"_s), qPrintable(r.error().hint));
        QCOMPARE(readFile(owned.file), owned.previous);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 before); // no temporary file left
        QVERIFY(owned.document.isModified());

        // Space again: the same save goes through.
        QVERIFY(QFile::remove(dir.filePath(u"filler"_s)));
        const SaveResult again = saveAndWait(owned.saver);
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QCOMPARE(readFile(Saver::backupPath(owned.file)), owned.previous);
    }

    void noOwnedFile()
    {
        Document document;
        document.reset(sampleCompositions(), {}, {});
        Saver saver(document);
        const SaveResult r = saveAndWait(saver);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::NoOwnedFile);
    }
};

QTEST_GUILESS_MAIN(TestSaver)
#include "tst_saver.moc"
