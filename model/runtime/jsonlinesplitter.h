#pragma once

// JsonLineSplitter cuts a stream of newline-delimited JSON documents (Docker's
// /events and /stats bodies) into objects, whatever the read boundaries.
// Lines that are not a JSON object are counted in `invalid` and skipped.
// A line longer than the limit is dropped and sets overflowed(): the caller
// says so and stops reading. A plain value.

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace khepri {

class JsonLineSplitter {
public:
    static constexpr qsizetype kMaxLine = 4 * 1024 * 1024;

    explicit JsonLineSplitter(qsizetype maxLine = kMaxLine)
        : m_maxLine(maxLine)
    {}

    QList<QJsonObject> feed(const QByteArray &bytes);
    bool overflowed() const { return m_overflowed; }
    qsizetype maxLine() const { return m_maxLine; }
    int invalid = 0;

private:
    qsizetype m_maxLine;
    bool m_overflowed = false;
    QByteArray m_rest;
};

} // namespace khepri
