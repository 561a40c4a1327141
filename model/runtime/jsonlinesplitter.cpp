#include "jsonlinesplitter.h"

#include <QJsonDocument>

namespace khepri {

QList<QJsonObject> JsonLineSplitter::feed(const QByteArray &bytes)
{
    QList<QJsonObject> out;
    m_rest += bytes;
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = m_rest.indexOf('\n', start);
        if (nl < 0)
            break;
        if (nl - start > m_maxLine) {
            ++invalid;
            m_overflowed = true;
            start = nl + 1;
            continue;
        }
        const QByteArray line = m_rest.mid(start, nl - start).trimmed();
        start = nl + 1;
        if (line.isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        if (doc.isObject())
            out.append(doc.object());
        else
            ++invalid;
    }
    m_rest.remove(0, start);
    if (m_rest.size() > m_maxLine) {
        ++invalid;
        m_overflowed = true;
        m_rest.clear();
    }
    return out;
}

} // namespace khepri
