#include "httpresponsereader.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// Digits only, no sign, no overflow past 2^53 (QByteArray::toLongLong accepts
// signs and whitespace, which HTTP does not).
bool parseDecimal(QByteArrayView text, qint64 *out)
{
    if (text.isEmpty() || text.size() > 15)
        return false;
    qint64 v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

} // namespace

HttpResponseReader::HttpResponseReader(bool headRequest)
    : m_headRequest(headRequest)
{}

bool HttpResponseReader::fail(const QString &why)
{
    m_state = State::Failed;
    m_error = why;
    m_buffer.clear();
    m_pos = 0;
    return false;
}

QByteArray HttpResponseReader::header(QByteArrayView name) const
{
    for (const auto &h : m_headers)
        if (equalsIgnoreCase(h.first, name))
            return h.second;
    return {};
}

QByteArray HttpResponseReader::takeBody()
{
    QByteArray out;
    out.swap(m_body);
    return out;
}

void HttpResponseReader::compact()
{
    if (m_pos > 0 && (m_pos == m_buffer.size() || m_pos > 4096)) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
}

bool HttpResponseReader::takeLine(QByteArray *line)
{
    const qsizetype nl = m_buffer.indexOf('\n', m_pos);
    if (nl < 0) {
        if (m_buffer.size() - m_pos > kMaxLineLength)
            fail(u"a line of the response is longer than %1 bytes"_s.arg(kMaxLineLength));
        return false;
    }
    if (nl - m_pos > kMaxLineLength) {
        fail(u"a line of the response is longer than %1 bytes"_s.arg(kMaxLineLength));
        return false;
    }
    qsizetype end = nl;
    if (end > m_pos && m_buffer.at(end - 1) == '\r')
        --end;
    *line = m_buffer.mid(m_pos, end - m_pos);
    m_pos = nl + 1;
    return true;
}

bool HttpResponseReader::parseStatusLine(const QByteArray &line)
{
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line.at(8) != ' ')
        return fail(u"not an HTTP/1.x response (status line \""_s
                    % QString::fromLatin1(line.left(40)) % u"\")"_s);
    const QByteArrayView code = QByteArrayView(line).sliced(9, 3);
    qint64 status = 0;
    if (!parseDecimal(code, &status) || status < 100)
        return fail(u"invalid status code in \""_s % QString::fromLatin1(line.left(40)) % u'"');
    if (line.size() > 12 && line.at(12) != ' ')
        return fail(u"invalid status line \""_s % QString::fromLatin1(line.left(40)) % u'"');
    m_status = int(status);
    m_reason = line.mid(13);
    m_headers.clear();
    m_headerBytes = line.size();
    m_state = State::Headers;
    return true;
}

bool HttpResponseReader::parseHeaderLine(const QByteArray &line)
{
    m_headerBytes += line.size() + 2;
    if (m_headerBytes > kMaxHeaderBytes)
        return fail(u"the response headers exceed %1 bytes"_s.arg(kMaxHeaderBytes));
    if (line.startsWith(' ') || line.startsWith('\t'))
        return fail(u"folded header lines are not supported"_s);
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return fail(u"invalid header line \""_s % QString::fromLatin1(line.left(40)) % u'"');
    const QByteArray name = line.left(colon);
    if (name.contains(' ') || name.contains('\t'))
        return fail(u"invalid header name \""_s % QString::fromLatin1(name.left(40)) % u'"');
    m_headers.append({name, line.mid(colon + 1).trimmed()});
    return true;
}

bool HttpResponseReader::headersDone()
{
    if (m_status >= 100 && m_status < 200 && m_status != 101) {
        // An interim response (100 Continue): the real one follows.
        m_state = State::StatusLine;
        return true;
    }
    for (const auto &h : m_headers) {
        if (equalsIgnoreCase(h.first, "transfer-encoding")) {
            const QByteArray v = h.second.toLower();
            if (v.endsWith("chunked"))
                m_chunked = true;
            else if (v != "identity")
                return fail(u"unsupported transfer coding \""_s % QString::fromLatin1(h.second)
                            % u'"');
        } else if (equalsIgnoreCase(h.first, "content-length")) {
            qint64 length = 0;
            if (!parseDecimal(h.second, &length))
                return fail(u"invalid Content-Length \""_s % QString::fromLatin1(h.second) % u'"');
            if (m_contentLength >= 0 && m_contentLength != length)
                return fail(u"conflicting Content-Length headers"_s);
            m_contentLength = length;
        }
    }
    if (m_headRequest || m_status == 204 || m_status == 304) {
        m_state = State::Complete;
    } else if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_contentLength >= 0) {
        m_remaining = m_contentLength;
        m_state = m_remaining == 0 ? State::Complete : State::Body;
    } else {
        m_untilClose = true;
        m_state = State::Body;
    }
    return true;
}

bool HttpResponseReader::parseChunkSize(const QByteArray &line)
{
    qsizetype end = line.indexOf(';');
    QByteArrayView digits = QByteArrayView(line).first(end < 0 ? line.size() : end).trimmed();
    if (digits.isEmpty() || digits.size() > 12)
        return fail(u"invalid chunk size \""_s % QString::fromLatin1(line.left(40)) % u'"');
    qint64 size = 0;
    for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return fail(u"invalid chunk size \""_s % QString::fromLatin1(line.left(40)) % u'"');
        size = size * 16 + d;
    }
    if (size == 0) {
        m_state = State::Trailers;
    } else {
        m_remaining = size;
        m_state = State::ChunkData;
    }
    return true;
}

bool HttpResponseReader::feed(QByteArrayView data)
{
    if (m_state == State::Failed)
        return false;
    m_buffer.append(data);
    QByteArray line;
    for (;;) {
        switch (m_state) {
        case State::StatusLine:
            if (!takeLine(&line))
                return !failed();
            if (line.isEmpty() && m_status == 0)
                continue; // tolerate stray CRLF before the response
            if (!parseStatusLine(line))
                return false;
            break;
        case State::Headers:
            if (!takeLine(&line))
                return !failed();
            if (line.isEmpty()) {
                if (!headersDone())
                    return false;
            } else if (!parseHeaderLine(line)) {
                return false;
            }
            break;
        case State::Body:
        case State::ChunkData: {
            const qsizetype available = m_buffer.size() - m_pos;
            if (available == 0) {
                compact();
                return true;
            }
            qsizetype n = available;
            if (!m_untilClose || m_state == State::ChunkData)
                n = qsizetype(std::min<qint64>(m_remaining, available));
            m_body.append(QByteArrayView(m_buffer).sliced(m_pos, n));
            m_pos += n;
            if (!m_untilClose || m_state == State::ChunkData) {
                m_remaining -= n;
                if (m_remaining == 0)
                    m_state = m_state == State::Body ? State::Complete : State::ChunkDataEnd;
            }
            break;
        }
        case State::ChunkDataEnd:
            if (!takeLine(&line))
                return !failed();
            if (!line.isEmpty())
                return fail(u"a chunk is longer than its announced size"_s);
            m_state = State::ChunkSize;
            break;
        case State::ChunkSize:
            if (!takeLine(&line))
                return !failed();
            if (!parseChunkSize(line))
                return false;
            break;
        case State::Trailers:
            if (!takeLine(&line))
                return !failed();
            if (line.isEmpty())
                m_state = State::Complete;
            break;
        case State::Complete:
            return true;
        case State::Failed:
            return false;
        }
    }
}

void HttpResponseReader::finishInput()
{
    switch (m_state) {
    case State::Complete:
    case State::Failed:
        return;
    case State::Body:
        if (m_untilClose) {
            m_state = State::Complete;
            return;
        }
        fail(u"the connection closed %1 bytes before the end of the response"_s.arg(m_remaining));
        return;
    case State::StatusLine:
        if (m_buffer.size() == m_pos && m_status == 0) {
            fail(u"the connection closed without a response"_s);
            return;
        }
        break;
    default:
        break;
    }
    fail(u"the connection closed in the middle of the response"_s);
}

} // namespace khepri
