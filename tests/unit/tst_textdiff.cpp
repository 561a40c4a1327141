// The text diff: exact unified diffs for small cases (hunk headers, context,
// merged hunks, the no-newline marker, new and deleted files), the line
// counts, and — for random and large texts, including those past the LCS
// table's limit — that GNU patch applies the diff to the old text and gets
// exactly the new one.

#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include "textdiff.h"

using namespace khepri;
using namespace Qt::StringLiterals;

namespace {

QString numbered(int from, int to) // "from\n...to\n"
{
    QString text;
    for (int i = from; i <= to; ++i)
        text += QString::number(i) + u'\n';
    return text;
}

// `before` patched with `diff` by GNU patch; an error text on failure.
QString patched(const QString &before, const QString &diff, bool *ok)
{
    *ok = false;
    QTemporaryDir dir;
    if (!dir.isValid())
        return u"no temporary directory"_s;
    const QString file = dir.filePath(u"file"_s);
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(before.toUtf8()) < 0)
        return u"cannot write "_s + file;
    f.close();
    QProcess patch;
    patch.start(u"patch"_s, {u"--fuzz=0"_s, u"--force"_s, u"--silent"_s,
                             u"--no-backup-if-mismatch"_s, u"--reject-file=-"_s, file});
    patch.write(diff.toUtf8());
    patch.closeWriteChannel();
    if (!patch.waitForFinished(60000) || patch.exitStatus() != QProcess::NormalExit
        || patch.exitCode() != 0)
        return u"patch failed: "_s + QString::fromUtf8(patch.readAll())
               + QString::fromUtf8(patch.readAllStandardError()) + patch.errorString();
    QFile result(file);
    if (!result.open(QIODevice::ReadOnly))
        return u"cannot read back "_s + file;
    *ok = true;
    return QString::fromUtf8(result.readAll());
}

QString randomText(QRandomGenerator &random, int lines, int alphabet)
{
    QString text;
    for (int i = 0; i < lines; ++i)
        text += u"line "_s + QString::number(random.bounded(alphabet)) + u'\n';
    if (random.bounded(4) == 0 && !text.isEmpty())
        text.chop(1); // no newline at the end
    return text;
}

} // namespace

class TestTextDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void exact_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("diff");
        QTest::newRow("equal") << u"a\nb\n"_s << u"a\nb\n"_s << QString();
        QTest::newRow("both empty") << QString() << QString() << QString();
        QTest::newRow("new file") << QString() << u"a\nb\n"_s
                                  << u"--- old\n+++ new\n@@ -0,0 +1,2 @@\n+a\n+b\n"_s;
        QTest::newRow("deleted file")
            << u"a\n"_s << QString() << u"--- old\n+++ new\n@@ -1,1 +0,0 @@\n-a\n"_s;
        QTest::newRow("one line changed, context of three")
            << numbered(1, 10) << numbered(1, 10).replace(u"\n5\n"_s, u"\nfive\n"_s)
            << u"--- old\n+++ new\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"_s;
        QTest::newRow("two changes far apart: two hunks")
            << numbered(1, 20)
            << numbered(1, 20).replace(u"\n2\n"_s, u"\ntwo\n"_s).replace(u"\n18\n"_s, u"\nx\n"_s)
            << u"--- old\n+++ new\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
               u"@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+x\n 19\n 20\n"_s;
        QTest::newRow("two changes close: one hunk")
            << numbered(1, 12)
            << numbered(1, 12).replace(u"\n3\n"_s, u"\nc\n"_s).replace(u"\n9\n"_s, u"\ni\n"_s)
            << u"--- old\n+++ new\n@@ -1,12 +1,12 @@\n 1\n 2\n-3\n+c\n 4\n 5\n 6\n 7\n 8\n-9\n+i\n"
               u" 10\n 11\n 12\n"_s;
        QTest::newRow("newline added at the end")
            << u"a\nb"_s << u"a\nb\n"_s
            << u"--- old\n+++ new\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"_s;
        QTest::newRow("insertion at the start")
            << u"b\nc\n"_s << u"a\nb\nc\n"_s
            << u"--- old\n+++ new\n@@ -1,2 +1,3 @@\n+a\n b\n c\n"_s;
    }

    void exact()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        QTEST(unifiedDiff(before, after, u"old"_s, u"new"_s), "diff");
    }

    void counts_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::addColumn<qsizetype>("added");
        QTest::addColumn<qsizetype>("removed");
        QTest::addColumn<QString>("described");
        QTest::newRow("equal") << u"a\n"_s << u"a\n"_s << qsizetype(0) << qsizetype(0)
                               << u"+0 \u22120 lines"_s;
        QTest::newRow("created") << QString() << u"a\nb\nc\n"_s << qsizetype(3) << qsizetype(0)
                                 << u"+3 \u22120 lines"_s;
        QTest::newRow("one replaced") << u"a\nb\nc\n"_s << u"a\nx\nc\n"_s << qsizetype(1)
                                      << qsizetype(1) << u"+1 \u22121 lines"_s;
        QTest::newRow("deleted") << u"a\nb\n"_s << QString() << qsizetype(0) << qsizetype(2)
                                 << u"+0 \u22122 lines"_s;
    }

    void counts()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const LineChanges changes = countLineChanges(before, after);
        QTEST(changes.added, "added");
        QTEST(changes.removed, "removed");
        QTEST(describeLineChanges(before, after), "described");
    }

    // GNU patch turns the old text into the new one with the diff, exactly.
    void patchAppliesIt_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QRandomGenerator random(1337);
        for (int i = 0; i < 12; ++i) {
            const QString before = randomText(random, random.bounded(1, 60), 6);
            const QString after = randomText(random, random.bounded(1, 60), 6);
            QTest::addRow("random %d", i) << before << after;
        }
        // Past the LCS table's limit (4M cells): removed, then added.
        QTest::newRow("large, all different")
            << randomText(random, 2500, 1000000) << randomText(random, 2500, 1000000);
        QString large = numbered(1, 3000);
        QTest::newRow("large, sparse changes")
            << large
            << QString(large).replace(u"\n100\n"_s, u"\nx\n"_s).replace(u"\n2900\n"_s, u"\n"_s);
    }

    void patchAppliesIt()
    {
        QFETCH(QString, before);
        QFETCH(QString, after);
        const QString diff = unifiedDiff(before, after, u"a/file"_s, u"b/file"_s);
        QCOMPARE(diff.isEmpty(), before == after);
        if (diff.isEmpty())
            return;
        bool ok = false;
        const QString result = patched(before, diff, &ok);
        QVERIFY2(ok, qPrintable(result + u"\n"_s + diff.left(2000)));
        QCOMPARE(result, after);
    }
};

QTEST_GUILESS_MAIN(TestTextDiff)
#include "tst_textdiff.moc"
