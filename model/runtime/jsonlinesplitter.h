#pragma once

// JsonLineSplitter cuts a stream of newline-delimited JSON documents (Docker's
// /events and /stats bodies) into objects, whatever the read boundaries.
// Lines that are not a JSON object are counted in `invalid` and skipped.
// A plain value.

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace khepri {

class JsonLineSplitter {
public:
    static constexpr qsizetype kMaxLine = 8 * 1024 * 1024;

    QList<QJsonObject> feed(const QByteArray &bytes);
    int invalid = 0;

private:
    QByteArray m_rest;
};

} // namespace khepri
