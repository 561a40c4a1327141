#pragma once

// HttpResponseReader parses one HTTP/1.1 response incrementally, as bytes
// arrive from a socket in pieces of any size: the status line, headers, and a
// body delimited by Content-Length, chunked transfer coding, or the end of the
// connection. Long-lived streams (Docker's /events, /logs?follow, /stats) are
// bodies that never end: decoded body bytes are handed out as they arrive
// (takeBody()), never accumulated beyond what the caller has not taken.
// A plain value with no Qt object or I/O, so it can be unit-tested and fuzzed.
// Invariants: once failed() it stays failed and consumes nothing more; once
// complete() further input is kept as leftover() and not parsed.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QPair>
#include <QString>

namespace khepri {

class HttpResponseReader {
public:
    // Limits against a peer that never ends a line.
    static constexpr qsizetype kMaxLineLength = 16 * 1024;
    static constexpr qsizetype kMaxHeaderBytes = 256 * 1024;

    // A response to HEAD has headers but no body, whatever they say.
    explicit HttpResponseReader(bool headRequest = false);

    // Parses as much of `data` as possible. Returns false once the response is
    // malformed (errorString() says how).
    bool feed(QByteArrayView data);
    // The peer closed the connection: completes a body delimited by the close,
    // fails a response cut short.
    void finishInput();

    bool headComplete() const { return m_state > State::Headers; }
    bool complete() const { return m_state == State::Complete; }
    bool failed() const { return m_state == State::Failed; }
    QString errorString() const { return m_error; }

    int statusCode() const { return m_status; }
    QByteArray reasonPhrase() const { return m_reason; }
    // Header names as received; lookups are case-insensitive. Repeated
    // headers are kept in order.
    const QList<QPair<QByteArray, QByteArray>> &headers() const { return m_headers; }
    QByteArray header(QByteArrayView name) const;
    bool isChunked() const { return m_chunked; }
    qint64 contentLength() const { return m_contentLength; } // -1: not given

    // Decoded body bytes received since the last call.
    QByteArray takeBody();
    qsizetype pendingBodySize() const { return m_body.size(); }
    // Bytes after the end of a complete response (keep-alive pipelining).
    QByteArray leftover() const { return m_buffer.mid(m_pos); }

private:
    enum class State {
        StatusLine,
        Headers,
        Body, // Content-Length or until close
        ChunkSize,
        ChunkData,
        ChunkDataEnd, // the CRLF after a chunk's data
        Trailers,
        Complete,
        Failed,
    };

    bool fail(const QString &why);
    // Next CRLF- (or LF-) terminated line from the buffer, without the
    // terminator; false when incomplete.
    bool takeLine(QByteArray *line);
    bool parseStatusLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line);
    bool headersDone();
    bool parseChunkSize(const QByteArray &line);
    void compact();

    bool m_headRequest;
    State m_state = State::StatusLine;
    QByteArray m_buffer; // unparsed input starts at m_pos
    qsizetype m_pos = 0;
    qsizetype m_headerBytes = 0;
    int m_status = 0;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    qint64 m_remaining = 0; // in Body (with a length) or ChunkData
    bool m_untilClose = false;
    QByteArray m_body;
    QString m_error;
};

} // namespace khepri
