// escapeControls: control characters from outside become visible escapes;
// printable text (any script) is left alone, and multi-line messages may keep
// their line breaks.

#include <QTest>

#include "textescape.h"

using namespace Qt::StringLiterals;
using khepri::escapeControls;
using khepri::Newlines;

class TestTextEscape : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void escapes_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("keepNewlines");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << u"nginx:1.25"_s << false << u"nginx:1.25"_s;
        QTest::newRow("unicode") << u"café 日本 ✓"_s << false << u"café 日本 ✓"_s;
        QTest::newRow("osc title")
            << u"web\x1b]0;pwned\x07"_s << false << u"web\\x1b]0;pwned\\x07"_s;
        QTest::newRow("clear screen") << u"\x1b[2J\x1b[H"_s << false << u"\\x1b[2J\\x1b[H"_s;
        QTest::newRow("c1 csi and del") << u"a\u009b2J\x7f"_s << false << u"a\\x9b2J\\x7f"_s;
        QTest::newRow("bidi override") << u"a\u202eb\u2066"_s << false << u"a\\u202eb\\u2066"_s;
        QTest::newRow("newline escaped") << u"a\nb\r"_s << false << u"a\\x0ab\\x0d"_s;
        QTest::newRow("newline kept") << u"a\nb\r"_s << true << u"a\nb\\x0d"_s;
        QTest::newRow("nul and tab") << QString(u"a\0b\t"_s) << false << u"a\\x00b\\x09"_s;
    }

    void escapes()
    {
        QFETCH(QString, text);
        QFETCH(bool, keepNewlines);
        QTEST(escapeControls(text, keepNewlines ? Newlines::Keep : Newlines::Escape), "expected");
    }
};

QTEST_GUILESS_MAIN(TestTextEscape)
#include "tst_textescape.moc"
