#include "dockerlogdecoder.h"

namespace khepri {
namespace {
constexpr qsizetype kHeaderSize = 8;
} // namespace

void DockerLogDecoder::appendText(LogStream stream, QByteArrayView payload, QList<LogLine> *lines)
{
    QByteArray &partial = m_partial[int(stream)];
    qsizetype start = 0;
    for (;;) {
        const qsizetype nl = payload.indexOf('\n', start);
        if (nl < 0) {
            partial.append(payload.sliced(start));
            while (partial.size() > m_maxFrame) {
                lines->append({stream, QString::fromUtf8(partial.first(m_maxFrame))});
                partial.remove(0, m_maxFrame);
            }
            return;
        }
        partial.append(payload.sliced(start, nl - start));
        if (partial.endsWith('\r'))
            partial.chop(1);
        lines->append({stream, QString::fromUtf8(partial)});
        partial.clear();
        start = nl + 1;
    }
}

bool DockerLogDecoder::feed(QByteArrayView data, QList<LogLine> *lines)
{
    if (m_failed)
        return false;
    if (m_tty) {
        appendText(LogStream::Stdout, data, lines);
        return true;
    }
    m_frame.append(data);
    qsizetype pos = 0;
    while (m_frame.size() - pos >= kHeaderSize) {
        const auto *h = reinterpret_cast<const unsigned char *>(m_frame.constData() + pos);
        if (h[0] > 2 || h[1] != 0 || h[2] != 0 || h[3] != 0) {
            m_failed = true;
            m_frame.clear();
            return false;
        }
        const quint32 size =
            (quint32(h[4]) << 24) | (quint32(h[5]) << 16) | (quint32(h[6]) << 8) | quint32(h[7]);
        if (size > quint64(m_maxFrame)) {
            m_failed = true;
            m_frameTooLarge = true;
            m_frame.clear();
            return false;
        }
        if (m_frame.size() - pos - kHeaderSize < qsizetype(size))
            break;
        appendText(LogStream(h[0]), QByteArrayView(m_frame).sliced(pos + kHeaderSize, size), lines);
        pos += kHeaderSize + size;
    }
    m_frame.remove(0, pos);
    return true;
}

QList<LogLine> DockerLogDecoder::flush()
{
    QList<LogLine> out;
    for (int s = 0; s < 3; ++s) {
        if (!m_partial[s].isEmpty())
            out.append({LogStream(s), QString::fromUtf8(m_partial[s])});
        m_partial[s].clear();
    }
    return out;
}

} // namespace khepri
