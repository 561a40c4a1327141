#include "textescape.h"

#include <QStringBuilder>

namespace khepri {
namespace {

bool invisibleFormat(char16_t c)
{
    return (c >= 0x200B && c <= 0x200F)    // zero-width, LRM, RLM
           || c == 0x2028 || c == 0x2029   // line and paragraph separators
           || (c >= 0x202A && c <= 0x202E) // bidi embeddings and overrides
           || (c >= 0x2066 && c <= 0x2069) // bidi isolates
           || c == 0xFEFF;
}

} // namespace

QString escapeControls(const QString &text, Newlines newlines)
{
    qsizetype i = 0;
    for (; i < text.size(); ++i) { // most text needs nothing: no copy
        const char16_t c = text.at(i).unicode();
        if ((c < 0x20 && !(c == u'\n' && newlines == Newlines::Keep)) || (c >= 0x7F && c < 0xA0)
            || invisibleFormat(c))
            break;
    }
    if (i == text.size())
        return text;
    QString out = text.left(i);
    out.reserve(text.size() + 16);
    for (; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c == u'\n' && newlines == Newlines::Keep)
            out += QChar(c);
        else if (c < 0x20 || (c >= 0x7F && c < 0xA0))
            out += u"\\x" % QString::number(c, 16).rightJustified(2, u'0');
        else if (invisibleFormat(c))
            out += u"\\u" % QString::number(c, 16).rightJustified(4, u'0');
        else
            out += QChar(c);
    }
    return out;
}

} // namespace khepri
