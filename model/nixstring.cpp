#include "nixstring.h"

#include <QRegularExpression>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {

QString nixString(const QString &text)
{
    QString out;
    out.reserve(text.size() + 2);
    out += u'"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (c.unicode()) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        case u'\r':
            out += u"\\r"_s;
            break;
        case u'$':
            // "${" starts an interpolation; "\${" is a literal.
            out += (i + 1 < text.size() && text.at(i + 1) == u'{') ? u"\\$"_s : u"$"_s;
            break;
        default:
            out += c;
        }
    }
    out += u'"';
    return out;
}

QString nixAttributeName(const QString &name)
{
    static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_'-]*$"_s);
    static const QStringList keywords{u"if"_s,   u"then"_s,  u"else"_s, u"assert"_s,  u"with"_s,
                                      u"let"_s,  u"in"_s,    u"rec"_s,  u"inherit"_s, u"or"_s,
                                      u"true"_s, u"false"_s, u"null"_s};
    if (identifier.match(name).hasMatch() && !keywords.contains(name))
        return name;
    return nixString(name);
}

QString nixAttributePath(const QStringList &path)
{
    QStringList quoted;
    quoted.reserve(path.size());
    for (const QString &name : path)
        quoted.append(nixString(name));
    return quoted.join(u'.');
}

} // namespace khepri
