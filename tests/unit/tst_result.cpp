// Error and Result: an Error is built by make() and at(); its code prints by
// its stable kebab-case name, and every name parses back to its code.
// Result<void> is done by default and carries the Error it was given;
// Result<T> default-constructed is the "empty" error, as before.

#include <QTest>

#include "result.h"

using namespace Qt::StringLiterals;
using namespace khepri;

class TestResult : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void makeAndAt()
    {
        const Error plain = Error::make(ErrorCode::NixMissing, u"no nix"_s);
        QCOMPARE(plain.code, ErrorCode::NixMissing);
        QCOMPARE(plain.message, u"no nix"_s);
        QVERIFY(plain.hint.isEmpty());
        QVERIFY(plain.file.isEmpty());
        QCOMPARE(plain.line, 0);
        QCOMPARE(plain.toString(), u"no nix"_s);

        const Error placed =
            Error::make(ErrorCode::Syntax, u"unexpected }"_s, u"Fix it."_s).at(u"a.nix"_s, 3, 7);
        QCOMPARE(placed.file, u"a.nix"_s);
        QCOMPARE(placed.line, 3);
        QCOMPARE(placed.column, 7);
        QCOMPARE(placed.toString(), u"a.nix:3:7: unexpected }\nFix it."_s);

        Error e = Error::make(ErrorCode::Io, u"cannot read"_s);
        e.at(u"f"_s);
        QCOMPARE(e.toString(), u"f: cannot read"_s);
    }

    // The names are printed by the CLI (JSON) and matched by scripts.
    void codeNamesAreStable_data()
    {
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("name");
        QTest::newRow("none") << ErrorCode::None << QString();
        QTest::newRow("empty") << ErrorCode::Empty << u"empty"_s;
        QTest::newRow("nix-missing") << ErrorCode::NixMissing << u"nix-missing"_s;
        QTest::newRow("save-lock-unsafe") << ErrorCode::SaveLockUnsafe << u"save-lock-unsafe"_s;
        QTest::newRow("docker-unreachable")
            << ErrorCode::DockerUnreachable << u"docker-unreachable"_s;
        QTest::newRow("nixos-rebuild-missing")
            << ErrorCode::NixosRebuildMissing << u"nixos-rebuild-missing"_s;
    }
    void codeNamesAreStable()
    {
        QFETCH(ErrorCode, code);
        QFETCH(QString, name);
        QCOMPARE(errorCodeName(code), name);
        QCOMPARE(Error::make(code, {}).codeName(), name);
        QCOMPARE(parseErrorCode(name), std::optional(code));
    }

    void everyCodeRoundTrips()
    {
        int named = 0;
        for (int i = 1;; ++i) {
            const auto code = ErrorCode(i);
            const QString name = errorCodeName(code);
            if (name.isEmpty())
                break;
            QCOMPARE(parseErrorCode(name), std::optional(code));
            QVERIFY2(name == name.toLower() && !name.contains(u' '), qPrintable(name));
            ++named;
        }
        QVERIFY2(named > 90, qPrintable(QString::number(named)));
        QCOMPARE(parseErrorCode(u"no-such-code"), std::nullopt);
    }

    void resultVoid()
    {
        const Result<void> done;
        QVERIFY(done.ok());
        QVERIFY(bool(done));

        const Result<void> failed = Error::make(ErrorCode::ReadOnly, u"read-only"_s);
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, ErrorCode::ReadOnly);

        auto f = [](bool ok) -> Result<void> {
            if (!ok)
                return Error::make(ErrorCode::Invalid, u"no"_s);
            return {};
        };
        QVERIFY(f(true));
        QCOMPARE(f(false).error().message, u"no"_s);
    }

    void emptyResultIsAnError()
    {
        const Result<int> empty;
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, ErrorCode::Empty);
        QCOMPARE(empty.error().message, u"no result"_s);
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
