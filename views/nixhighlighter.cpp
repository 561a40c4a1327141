#include "nixhighlighter.h"

#include <QPalette>

#include "graphstyle.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

enum State { Normal = 0, InIndentedString = 1, InComment = 2 };

} // namespace

NixHighlighter::NixHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    setPalette(QPalette());
}

void NixHighlighter::setPalette(const QPalette &palette)
{
    const bool dark = graphstyle::isDark(palette);
    m_comment.setForeground(palette.color(QPalette::PlaceholderText));
    m_comment.setFontItalic(true);
    m_string.setForeground(dark ? QColor(0xa5, 0xd6, 0x7f) : QColor(0x1a, 0x7f, 0x37));
    m_interpolation.setForeground(dark ? QColor(0xff, 0xb8, 0x6c) : QColor(0xa0, 0x50, 0x00));
    m_keyword.setForeground(dark ? QColor(0xc6, 0x8a, 0xff) : QColor(0x80, 0x30, 0xb0));
    m_keyword.setFontWeight(QFont::Bold);
    m_number.setForeground(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x0b, 0x5c, 0xad));
    m_attribute.setForeground(dark ? QColor(0x8c, 0xc8, 0xf0) : QColor(0x20, 0x4a, 0x87));
    m_path.setForeground(dark ? QColor(0xf0, 0xa0, 0xa0) : QColor(0x9c, 0x27, 0x27));
    rehighlight();
}

void NixHighlighter::highlightBlock(const QString &text)
{
    static const QRegularExpression keyword(
        u"\\b(let|in|with|rec|inherit|if|then|else|assert|or|true|false|null|import)\\b"_s);
    static const QRegularExpression number(u"(?<![\\w.-])-?\\d+(\\.\\d+)?\\b"_s);
    static const QRegularExpression attribute(
        u"([A-Za-z_][\\w'-]*|\"[^\"]*\")(?=\\s*(\\.|=[^=]))"_s);
    static const QRegularExpression path(u"(?<![\\w])(\\.{0,2}/[\\w./+-]+|<[\\w./+-]+>)"_s);

    for (auto it = attribute.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart(1)), int(m.capturedLength(1)), m_attribute);
    }
    for (auto it = keyword.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_keyword);
    }
    for (auto it = number.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        setFormat(int(m.capturedStart()), int(m.capturedLength()), m_number);
    }

    // Strings and comments, scanned left to right so that "#" in a string is not a comment.
    int state = previousBlockState() < 0 ? Normal : previousBlockState();
    int i = 0;
    const int n = int(text.size());
    int start = 0;
    while (i < n) {
        if (state == InComment) {
            const int end = int(text.indexOf(u"*/"_s, i));
            const int stop = end < 0 ? n : end + 2;
            setFormat(start, stop - start, m_comment);
            i = stop;
            if (end >= 0)
                state = Normal;
            continue;
        }
        if (state == InIndentedString) {
            const int end = int(text.indexOf(u"''"_s, i));
            const int stop = end < 0 ? n : end + 2;
            setFormat(start, stop - start, m_string);
            i = stop;
            if (end >= 0)
                state = Normal;
            continue;
        }
        const QChar c = text.at(i);
        if (c == u'#') {
            setFormat(i, n - i, m_comment);
            break;
        }
        if (c == u'/' && i + 1 < n && text.at(i + 1) == u'*') {
            state = InComment;
            start = i;
            i += 2;
            continue;
        }
        if (c == u'\'' && i + 1 < n && text.at(i + 1) == u'\'') {
            state = InIndentedString;
            start = i;
            i += 2;
            continue;
        }
        if (c == u'"') {
            int j = i + 1;
            while (j < n && text.at(j) != u'"') {
                if (text.at(j) == u'\\')
                    ++j;
                ++j;
            }
            const int stop = std::min(n, j + 1);
            setFormat(i, stop - i, m_string);
            // Interpolations inside.
            for (int k = i; k + 1 < stop; ++k) {
                if (text.at(k) == u'$' && text.at(k + 1) == u'{'
                    && (k == 0 || text.at(k - 1) != u'\\')) {
                    const int close = int(text.indexOf(u'}', k));
                    const int e = close < 0 ? stop : close + 1;
                    setFormat(k, e - k, m_interpolation);
                    k = e;
                }
            }
            i = stop;
            continue;
        }
        if (c == u'/' || c == u'.' || c == u'<') {
            const auto m = path.match(text, i, QRegularExpression::NormalMatch,
                                      QRegularExpression::AnchorAtOffsetMatchOption);
            if (m.hasMatch() && m.capturedStart() == i) {
                setFormat(i, int(m.capturedLength()), m_path);
                i += int(m.capturedLength());
                continue;
            }
        }
        ++i;
    }
    setCurrentBlockState(state);
}

} // namespace khepri
