#pragma once

// DockerLogDecoder turns the body of GET /containers/{name}/logs into lines
// with their stream. Without a TTY the Engine multiplexes stdout and stderr
// in frames (an 8-byte header: stream type, three zero bytes, big-endian
// payload size; then the payload); with a TTY the body is the raw terminal
// output. Frames and lines may be split across reads at any byte; the decoder
// keeps the incomplete rest. A plain value, unit-tested and fuzzed.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace khepri {

enum class LogStream { Stdin = 0, Stdout = 1, Stderr = 2 };

struct LogLine {
    LogStream stream = LogStream::Stdout;
    QString text; // without the line terminator
    friend bool operator==(const LogLine &, const LogLine &) = default;
};

class DockerLogDecoder {
public:
    // Frames larger than `maxFrame` fail the stream (Docker's are at most
    // 32 KiB); a line longer than it is handed out in pieces of that size.
    static constexpr qsizetype kMaxFrame = 4 * 1024 * 1024;
    explicit DockerLogDecoder(bool tty, qsizetype maxFrame = kMaxFrame)
        : m_tty(tty)
        , m_maxFrame(maxFrame)
    {}

    // Complete lines found in `data` plus what was kept from earlier reads.
    // Returns false (and nothing more) on a frame header that cannot be one.
    bool feed(QByteArrayView data, QList<LogLine> *lines);
    // End of the stream: the unterminated last line of each stream, if any.
    QList<LogLine> flush();
    bool failed() const { return m_failed; }
    // Failed on a frame larger than the limit (else: not a frame header).
    bool frameTooLarge() const { return m_frameTooLarge; }

private:
    void appendText(LogStream stream, QByteArrayView payload, QList<LogLine> *lines);

    bool m_tty;
    qsizetype m_maxFrame;
    bool m_failed = false;
    bool m_frameTooLarge = false;
    QByteArray m_frame;      // incomplete frame (multiplexed mode)
    QByteArray m_partial[3]; // incomplete line per stream
};

} // namespace khepri
