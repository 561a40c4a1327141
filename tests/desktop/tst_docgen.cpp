// The man page and the completions are generated from the command table:
// every command and option appears, the roff is plain ASCII with only the
// requests khepri writes, and `khepri completion` refuses unknown shells.

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "commandline.h"
#include "commands.h"
#include "docgen.h"

using namespace Qt::StringLiterals;
using namespace khepri;

class TestDocgen : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void manPageDocumentsEveryCommand()
    {
        const QString man = manPage(u"1.2.3"_s);
        QVERIFY(man.contains(u".TH KHEPRI 1 \"\" \"khepri 1.2.3\""_s));
        for (const CommandSpec &spec : commandSpecs()) {
            QVERIFY2(man.contains(u".B khepri "_s
                                  + QString(spec.synopsis)
                                        .replace(u'-', u"\\-"_s)
                                        .replace(u"…"_s, u"\\[u2026]"_s)),
                     qPrintable(spec.name));
            for (const QString &option : spec.options)
                QVERIFY2(man.contains(u"\\fB\\-\\-"_s + QString(option).replace(u'-', u"\\-"_s)),
                         qPrintable(spec.name + u" --"_s + option));
        }
        for (const HelpSection &section : helpSections())
            QVERIFY2(man.contains(u".SH "_s + section.title.toUpper()), qPrintable(section.title));
    }

    void manPageIsAsciiWithKnownRequests()
    {
        const QString man = manPage(u"0"_s);
        for (const QChar c : man)
            QVERIFY2(c.unicode() < 0x80, qPrintable(u"non-ASCII character "_s + c));
        static const QRegularExpression request(u"^\\.(TH|SH|TP|PP|B|BR|I|br|\\\\\")( |$)"_s);
        const QStringList lines = man.split(u'\n');
        for (const QString &line : lines) {
            if (line.startsWith(u'.') || line.startsWith(u'\''))
                QVERIFY2(request.match(line).hasMatch(), qPrintable(line));
            // A dash that is not escaped renders as a hyphen, not a minus.
            if (!line.startsWith(u".\\\""))
                QVERIFY2(!QRegularExpression(u"(^|[^\\\\])-"_s).match(line).hasMatch(),
                         qPrintable(line));
        }
    }

    void completionsOfferEveryCommandAndOption_data()
    {
        QTest::addColumn<QString>("shell");
        for (const QString &shell : completionShells())
            QTest::newRow(qPrintable(shell)) << shell;
    }
    void completionsOfferEveryCommandAndOption()
    {
        QFETCH(QString, shell);
        const QString script = completionScript(shell);
        QVERIFY(!script.isEmpty());
        for (const CommandSpec &spec : commandSpecs()) {
            QVERIFY2(script.contains(spec.name), qPrintable(spec.name));
            for (const QString &option : spec.options) {
                const bool found = shell == u"fish"
                                       ? script.contains(u"-n '__fish_seen_subcommand_from "_s
                                                         + spec.name + u"' -l "_s + option)
                                       : script.contains(u"--"_s + option);
                QVERIFY2(found, qPrintable(spec.name + u" --"_s + option));
            }
        }
    }

    void valueHintsForWhatTakesAValue()
    {
        QCOMPARE(valueHint(u"file"_s).kind, ValueHint::Kind::File);
        QCOMPARE(valueHint(u"allow-path"_s).kind, ValueHint::Kind::Directory);
        QCOMPARE(valueHint(u"format"_s).words, (QStringList{u"dot"_s, u"json"_s}));
        QCOMPARE(valueHint(u"target-host"_s).kind, ValueHint::Kind::Free);
    }

    void unknownShellIsRefused()
    {
        QVERIFY(completionScript(u"tcsh"_s).isEmpty());
        QProcess khepri;
        khepri.start(QStringLiteral(KHEPRI_BINARY), {u"completion"_s, u"tcsh"_s});
        QVERIFY(khepri.waitForFinished(30000));
        QCOMPARE(khepri.exitCode(), kExitUsage);
        const QString err = QString::fromUtf8(khepri.readAllStandardError());
        QVERIFY2(err.contains(u"no completion for the shell \"tcsh\""_s), qPrintable(err));
        QVERIFY2(err.contains(u"bash, zsh, fish"_s), qPrintable(err));
    }

    void completionWritesTheFileItIsGiven()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"khepri.bash"_s);
        QProcess khepri;
        khepri.start(QStringLiteral(KHEPRI_BINARY), {u"completion"_s, u"bash"_s, u"-o"_s, path});
        QVERIFY(khepri.waitForFinished(30000));
        QCOMPARE(khepri.exitCode(), kExitOk);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), completionScript(u"bash"_s));
        file.close();
        // Its own earlier output is replaced (the build regenerates it).
        khepri.start(QStringLiteral(KHEPRI_BINARY), {u"completion"_s, u"fish"_s, u"-o"_s, path});
        QVERIFY(khepri.waitForFinished(30000));
        QCOMPARE(khepri.exitCode(), kExitOk);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), completionScript(u"fish"_s));
    }

    // -o never clobbers a file khepri did not write (a ~/.bashrc given by mistake).
    void outputRefusesAFileItDidNotWrite()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"bashrc"_s);
        const QByteArray mine = "alias ll='ls -l'\n";
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(mine);
        }
        for (const QStringList &args : {QStringList{u"completion"_s, u"bash"_s, u"-o"_s, path},
                                        QStringList{u"manpage"_s, u"-o"_s, path}}) {
            QProcess khepri;
            khepri.start(QStringLiteral(KHEPRI_BINARY), args);
            QVERIFY(khepri.waitForFinished(30000));
            QCOMPARE(khepri.exitCode(), kExitUsage);
            const QString err = QString::fromUtf8(khepri.readAllStandardError());
            QVERIFY2(err.contains(u"refusing to overwrite"_s), qPrintable(err));
            QVERIFY2(err.contains(u"khepri did not write it"_s), qPrintable(err));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), mine);
        }
    }
};

QTEST_GUILESS_MAIN(TestDocgen)
#include "tst_docgen.moc"
