// parseNixError: nix's stderr, as nix 2.8 prints it, becomes one message with
// file, line and column; noise (warnings, excerpts, hints) is dropped.

#include <QTest>

#include "nixerrorparser.h"

using khepri::ErrorCode;
using khepri::parseNixError;

using namespace Qt::StringLiterals;

class TestNixErrorParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("stderrText");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        QTest::newRow("syntax") << QStringLiteral(
            "warning: the group 'nixbld' specified in 'build-users-group' does not exist\n"
            "error: syntax error, unexpected '}', expecting ';'\n\n"
            "       at /tmp/nixerr/syn.nix:3:1:\n\n"
            "            2|   a = 1\n            3| }\n             | ^\n")
                                << ErrorCode::Syntax
                                << QStringLiteral("syntax error, unexpected '}', expecting ';'")
                                << QStringLiteral("/tmp/nixerr/syn.nix") << 3 << 1;
        QTest::newRow("undefined variable")
            << QStringLiteral("error: undefined variable 'undefinedVar'\n\n"
                              "       at /tmp/nixerr/ev.nix:1:41:\n\n"
                              "            1| { a = 1; c = undefinedVar; }\n"
                              "             |                                         ^\n"
                              "(use '--show-trace' to show detailed location information)\n")
            << ErrorCode::Evaluation << QStringLiteral("undefined variable 'undefinedVar'")
            << QStringLiteral("/tmp/nixerr/ev.nix") << 1 << 41;
        QTest::newRow("throw without position")
            << QStringLiteral("warning: the group 'nixbld' does not exist\nerror: boom\n")
            << ErrorCode::Evaluation << QStringLiteral("boom") << QString() << 0 << 0;
        QTest::newRow("missing file")
            << QStringLiteral(
                   "error: getting status of '/tmp/missing.nix': No such file or directory\n")
            << ErrorCode::FileMissing
            << QStringLiteral("getting status of '/tmp/missing.nix': No such file or directory")
            << QString() << 0 << 0;
        QTest::newRow("string position dropped")
            << QStringLiteral(
                   "error: cannot convert a function to JSON\n\n       at «string»:1:1:\n\n"
                   "            1| f: import f\n             | ^\n")
            << ErrorCode::Evaluation << QStringLiteral("cannot convert a function to JSON")
            << QString() << 0 << 0;
        QTest::newRow("multi-line message with trace")
            << QStringLiteral("error: The option `khepri.foo' does not exist. Definition values:\n"
                              "       - In `/etc/nixos/x.nix': 1\n\n"
                              "       at /etc/nixos/x.nix:4:3:\n\n"
                              "            4|   khepri.foo = 1;\n\n"
                              "       … while evaluating the attribute 'config'\n\n"
                              "       at /nix/store/lib/modules.nix:10:5:\n")
            << ErrorCode::Evaluation
            << QStringLiteral("The option `khepri.foo' does not exist. "
                              "Definition values: - In `/etc/nixos/x.nix': 1")
            << QStringLiteral("/etc/nixos/x.nix") << 4 << 3;
        QTest::newRow("colours stripped")
            << QStringLiteral("\x1b[31;1merror:\x1b[0m attribute '\x1b[35;1mx\x1b[0m' missing\n")
            << ErrorCode::Evaluation << QStringLiteral("attribute 'x' missing") << QString() << 0
            << 0;
        QTest::newRow("no error line")
            << QStringLiteral("Segmentation fault\n") << ErrorCode::Evaluation
            << QStringLiteral("Segmentation fault") << QString() << 0 << 0;
        QTest::newRow("empty") << QString() << ErrorCode::Evaluation
                               << QStringLiteral("nix failed without a message") << QString() << 0
                               << 0;
    }

    void parses()
    {
        QFETCH(QString, stderrText);
        const khepri::Error e = parseNixError(stderrText);
        QTEST(e.code, "code");
        QTEST(e.message, "message");
        QTEST(e.file, "file");
        QTEST(e.line, "line");
        QTEST(e.column, "column");
    }

    // Where in nix's JSON output QJsonDocument stopped, as a key path.
    void jsonPath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QByteArray>("at"); // the path is to the value where this starts
        QTest::addColumn<QStringList>("path");
        QTest::newRow("nested key")
            << QByteArray("{\"web\":{\"services\":{\"db\":{\"image\":\"X\"}}}}") << QByteArray("X")
            << QStringList{u"web"_s, u"services"_s, u"db"_s, u"image"_s};
        QTest::newRow("after a sibling")
            << QByteArray("{\"a\":{\"x\":1,\"y\":[1,{\"k\":\"v\"}],\"z\":\"X\"}}")
            << QByteArray("X") << QStringList{u"a"_s, u"z"_s};
        QTest::newRow("list index") << QByteArray("{\"a\":{\"cmd\":[\"p\",\"q\",\"X\"]}}")
                                    << QByteArray("X") << QStringList{u"a"_s, u"cmd"_s, u"[2]"_s};
        QTest::newRow("escaped quote in a value")
            << QByteArray("{\"a\":{\"s\":\"\\\"}{\",\"t\":\"X\"}}") << QByteArray("X")
            << QStringList{u"a"_s, u"t"_s};
        QTest::newRow("inside a key")
            << QByteArray("{\"a\":{\"bXd\":1}}") << QByteArray("X") << QStringList{u"a"_s, u"b"_s};
    }

    void jsonPath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QByteArray, at);
        QTEST(khepri::jsonPathAt(json, json.indexOf(at)), "path");
    }

    void restrictionExplained()
    {
        const khepri::EvaluationScope scope{
            khepri::EvaluationScope::Kind::File, u"/srv/c.nix"_s, {u"/srv"_s}};
        const khepri::Error e = khepri::explainRestriction(
            parseNixError(u"error: access to absolute path '/etc/shadow' is forbidden in "
                          u"restricted mode\n\n       at /srv/c.nix:1:9:\n"_s),
            scope);
        QCOMPARE(e.code, ErrorCode::RestrictedPath);
        QCOMPARE(e.message, u"/srv/c.nix reads /etc/shadow, which is outside the directories "
                            u"khepri lets a compositions file read (/srv)"_s);
        QVERIFY(e.hint.startsWith(u"If you trust /srv/c.nix, allow that directory with "
                                  u"--allow-path /etc (repeatable)."_s));
        QCOMPARE(e.file, u"/srv/c.nix"_s);
        QCOMPARE(e.line, 1);
        const khepri::Error other =
            khepri::explainRestriction(parseNixError(u"error: undefined variable 'x'\n"_s), scope);
        QCOMPARE(other.code, ErrorCode::Evaluation);
    }
};

QTEST_GUILESS_MAIN(TestNixErrorParser)
#include "tst_nixerrorparser.moc"
