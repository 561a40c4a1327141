// HttpResponseReader: recorded Engine responses (tests/runtime/data/http)
// parse to the same status, headers and body however the bytes are split
// across reads — at every byte offset, and one byte at a time — and
// malformed responses fail with a reason instead of being half-accepted.

#include <QDir>
#include <QFile>
#include <QTest>

#include "httpresponsereader.h"
#include "testsupport.h"

using khepri::HttpResponseReader;
using namespace Qt::StringLiterals;

namespace {

struct Parsed {
    bool complete = false;
    bool failed = false;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool operator==(const Parsed &) const = default;
};

// Feeds `pieces` in order, then signals the end of input.
Parsed parse(const QList<QByteArrayView> &pieces, bool closeAtEnd = true)
{
    HttpResponseReader reader;
    Parsed p;
    for (QByteArrayView piece : pieces) {
        reader.feed(piece);
        p.body += reader.takeBody();
    }
    if (closeAtEnd)
        reader.finishInput();
    p.body += reader.takeBody();
    p.complete = reader.complete();
    p.failed = reader.failed();
    p.status = reader.statusCode();
    p.headers = reader.headers();
    return p;
}

QByteArray readData(const QString &name)
{
    QFile f(khepri::test::sourcePath(u"tests/runtime/data/http/"_s + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(f.fileName()));
    return f.readAll();
}

} // namespace

class TestHttpResponseReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recorded_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("bodyStart");
        QTest::addColumn<int>("bodySize");
        QTest::addColumn<bool>("needsClose");
        QTest::newRow("ping") << u"ping.http"_s << 200 << QByteArray("OK") << 2 << false;
        QTest::newRow("version") << u"version.http"_s << 200 << QByteArray("{\"Platform\"") << -1
                                 << false;
        QTest::newRow("events-chunked")
            << u"events-chunked.http"_s << 200 << QByteArray("{\"status\":\"tag\"") << -1 << false;
        QTest::newRow("logs-multiplexed")
            << u"logs-multiplexed.http"_s << 200 << QByteArray() << -1 << false;
        QTest::newRow("not-found")
            << u"not-found.http"_s << 404 << QByteArray("{\"message\":\"No such container: nope\"}")
            << -1 << false;
        QTest::newRow("chunk-extensions-trailers") << u"chunked-extensions-trailers.http"_s << 200
                                                   << QByteArray("hello 0123456789") << 16 << false;
        QTest::newRow("until-close")
            << u"until-close.http"_s << 200 << QByteArray("body without a length\n") << 48 << true;
        QTest::newRow("100-continue")
            << u"continue-then-ok.http"_s << 200 << QByteArray("yes") << 3 << false;
        QTest::newRow("204") << u"no-content.http"_s << 204 << QByteArray() << 0 << false;
        QTest::newRow("bare-lf") << u"bare-lf.http"_s << 200 << QByteArray("abcd") << 4 << false;
    }

    void recorded()
    {
        QFETCH(QString, file);
        QFETCH(int, status);
        QFETCH(QByteArray, bodyStart);
        QFETCH(int, bodySize);
        QFETCH(bool, needsClose);
        const QByteArray data = readData(file);

        // Whole, without a close: complete exactly when the framing says so.
        const Parsed whole = parse({data}, false);
        QCOMPARE(whole.complete, !needsClose);
        QVERIFY(!whole.failed);
        const Parsed reference = parse({data});
        QVERIFY(reference.complete);
        QCOMPARE(reference.status, status);
        QVERIFY2(reference.body.startsWith(bodyStart), reference.body.left(80).constData());
        if (bodySize >= 0)
            QCOMPARE(reference.body.size(), bodySize);

        // Every split into two reads.
        for (qsizetype at = 0; at <= data.size(); ++at) {
            const QByteArrayView v(data);
            const Parsed split = parse({v.first(at), v.sliced(at)});
            if (!(split == reference))
                QFAIL(qPrintable(u"differs when split at byte %1"_s.arg(at)));
        }
        // One byte per read.
        QList<QByteArrayView> bytes;
        for (qsizetype i = 0; i < data.size(); ++i)
            bytes.append(QByteArrayView(data).sliced(i, 1));
        QVERIFY(parse(bytes) == reference);
    }

    void eventsStreamIsHandedOutAsItArrives()
    {
        // A long-lived stream: body bytes are available before the end.
        const QByteArray data = readData(u"events-chunked.http"_s);
        HttpResponseReader reader;
        const qsizetype headEnd = data.indexOf("\r\n\r\n") + 4;
        const qsizetype firstChunkEnd = data.indexOf("}\n\r\n", headEnd) + 4;
        QVERIFY(reader.feed(QByteArrayView(data).first(firstChunkEnd)));
        QVERIFY(reader.headComplete());
        QVERIFY(reader.isChunked());
        QVERIFY(!reader.complete());
        const QByteArray first = reader.takeBody();
        QVERIFY(first.startsWith("{\"status\":\"tag\""));
        QVERIFY(first.endsWith("}\n"));
        QCOMPARE(reader.takeBody(), QByteArray());
    }

    void headersAreCaseInsensitive()
    {
        HttpResponseReader reader;
        QVERIFY(reader.feed("HTTP/1.1 200 OK\r\nAPI-Version: 1.43\r\ncontent-length: 0\r\n\r\n"));
        QVERIFY(reader.complete());
        QCOMPARE(reader.header("Api-Version"), QByteArray("1.43"));
        QCOMPARE(reader.contentLength(), 0);
    }

    void headRequestHasNoBody()
    {
        HttpResponseReader reader(true);
        QVERIFY(reader.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"));
        QVERIFY(reader.complete());
    }

    void leftoverAfterComplete()
    {
        HttpResponseReader reader;
        QVERIFY(reader.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1"));
        QVERIFY(reader.complete());
        QCOMPARE(reader.takeBody(), QByteArray("ok"));
        QCOMPARE(reader.leftover(), QByteArray("HTTP/1.1"));
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n") << u"not an HTTP/1.x"_s;
        QTest::newRow("http/2") << QByteArray("HTTP/2 200 OK\r\n\r\n") << u"not an HTTP/1.x"_s;
        QTest::newRow("bad code") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n")
                                  << u"invalid status code"_s;
        QTest::newRow("bad chunk size")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
            << u"invalid chunk size"_s;
        QTest::newRow("chunk too long")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcdef\r\n")
            << u"longer than its announced size"_s;
        QTest::newRow("chunk size overflow")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "fffffffffffffffffff\r\n")
            << u"invalid chunk size"_s;
        QTest::newRow("negative length")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
            << u"invalid Content-Length"_s;
        QTest::newRow("conflicting lengths")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << u"conflicting Content-Length"_s;
        QTest::newRow("header without colon")
            << QByteArray("HTTP/1.1 200 OK\r\nnonsense\r\n\r\n") << u"invalid header line"_s;
        QTest::newRow("folded header")
            << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n") << u"folded"_s;
        QTest::newRow("gzip") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n")
                              << u"unsupported transfer coding"_s;
        QTest::newRow("endless line")
            << QByteArray("HTTP/1.1 200 OK\r\nX: ")
                   + QByteArray(HttpResponseReader::kMaxLineLength + 10, 'a')
            << u"longer than"_s;
    }

    void malformed()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, reason);
        HttpResponseReader reader;
        QVERIFY(!reader.feed(data));
        QVERIFY(reader.failed());
        QVERIFY2(reader.errorString().contains(reason), qPrintable(reader.errorString()));
        // Failed stays failed.
        QVERIFY(!reader.feed("HTTP/1.1 200 OK\r\n\r\n"));
    }

    void truncated_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("in the headers") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le");
        QTest::newRow("short body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab");
        QTest::newRow("in a chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
    }

    void truncated()
    {
        QFETCH(QByteArray, data);
        HttpResponseReader reader;
        QVERIFY(reader.feed(data));
        reader.finishInput();
        QVERIFY(reader.failed());
        QVERIFY2(reader.errorString().contains(u"closed"), qPrintable(reader.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestHttpResponseReader)
#include "tst_httpresponsereader.moc"
