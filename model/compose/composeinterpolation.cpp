#include "composeinterpolation.h"

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri::compose {
namespace {

bool isNameStart(QChar c)
{
    return c == u'_' || (c.unicode() < 128 && c.isLetter());
}
bool isNameChar(QChar c)
{
    return isNameStart(c) || (c.unicode() < 128 && c.isDigit());
}

Error invalid(const QString &text)
{
    return Error::make(ErrorCode::InvalidTemplate,
                       u"invalid interpolation format in \"" % text
                           % u"\": a $ must start $VAR, ${VAR…} or be doubled as $$"_s,
                       u"Write $$ for a literal dollar sign."_s);
}

// The index of the '}' closing the '{' at `open`, counting nested ${…}.
qsizetype closingBrace(const QString &text, qsizetype open)
{
    int depth = 0;
    for (qsizetype i = open; i < text.size(); ++i) {
        if (text.at(i) == u'{')
            ++depth;
        else if (text.at(i) == u'}' && --depth == 0)
            return i;
    }
    return -1;
}

Result<void> expandInto(const QString &text, const Lookup &lookup, Interpolated *out);

Result<void> braced(const QString &whole, const QString &inner, const Lookup &lookup,
                    Interpolated *out)
{
    qsizetype n = 0;
    if (inner.isEmpty() || !isNameStart(inner.at(0)))
        return invalid(whole);
    while (n < inner.size() && isNameChar(inner.at(n)))
        ++n;
    const QString name = inner.left(n);
    const std::optional<QString> value = lookup(name);
    if (n == inner.size()) {
        if (!value)
            out->unsetVariables.append(name);
        out->value += value.value_or(QString());
        return {};
    }
    const bool colon = inner.at(n) == u':';
    const qsizetype op = colon ? n + 1 : n;
    if (op >= inner.size())
        return invalid(whole);
    const QChar kind = inner.at(op);
    const QString rest = inner.mid(op + 1);
    const bool set = value && (!colon || !value->isEmpty());
    if (kind == u'-') {
        if (set) {
            out->value += *value;
            return {};
        }
        return expandInto(rest, lookup, out);
    }
    if (kind == u'+') {
        if (set)
            return expandInto(rest, lookup, out);
        return {};
    }
    if (kind == u'?') {
        if (set) {
            out->value += *value;
            return {};
        }
        Interpolated message;
        const auto r = expandInto(rest, lookup, &message);
        if (!r)
            return r;
        return Error::make(
            ErrorCode::MissingVariable,
            u"required variable " % name % u" is missing a value"
                % (message.value.isEmpty() ? QString() : u": " % message.value),
            u"Set " % name
                % u" in the environment, in .env beside the compose file or in a file "
                  u"given with --env-file."_s);
    }
    return invalid(whole);
}

Result<void> expandInto(const QString &text, const Lookup &lookup, Interpolated *out)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != u'$') {
            out->value += c;
            continue;
        }
        if (i + 1 >= text.size())
            return invalid(text);
        const QChar next = text.at(i + 1);
        if (next == u'$') {
            out->value += u'$';
            ++i;
        } else if (next == u'{') {
            const qsizetype close = closingBrace(text, i + 1);
            if (close < 0)
                return invalid(text);
            const auto r = braced(text, text.mid(i + 2, close - i - 2), lookup, out);
            if (!r)
                return r;
            i = close;
        } else if (isNameStart(next)) {
            qsizetype end = i + 1;
            while (end < text.size() && isNameChar(text.at(end)))
                ++end;
            const QString name = text.mid(i + 1, end - i - 1);
            const std::optional<QString> value = lookup(name);
            if (!value)
                out->unsetVariables.append(name);
            out->value += value.value_or(QString());
            i = end - 1;
        } else {
            return invalid(text);
        }
    }
    return {};
}

} // namespace

Result<Interpolated> interpolate(const QString &text, const Lookup &lookup)
{
    Interpolated out;
    if (!text.contains(u'$')) {
        out.value = text;
        return out;
    }
    const auto r = expandInto(text, lookup, &out);
    if (!r)
        return r.error();
    return out;
}

Result<QList<std::pair<QString, QString>>> parseEnvFile(const QString &text, const Lookup &lookup,
                                                        const QString &fileName)
{
    QList<std::pair<QString, QString>> out;
    const auto local = [&](const QString &name) -> std::optional<QString> {
        for (auto it = out.crbegin(); it != out.crend(); ++it)
            if (it->first == name)
                return it->second;
        return lookup(name);
    };
    const QStringList lines = text.split(u'\n');
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QString line = lines.at(n);
        if (line.endsWith(u'\r'))
            line.chop(1);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(u'#'))
            continue;
        QString body = trimmed;
        if (body.startsWith(u"export "))
            body = body.mid(7).trimmed();
        const qsizetype eq = body.indexOf(u'=');
        const QString key = (eq < 0 ? body : body.left(eq)).trimmed();
        bool validKey = !key.isEmpty();
        for (const QChar c : key)
            validKey = validKey && (isNameChar(c) || c == u'.' || c == u'-');
        if (!validKey)
            return Error::make(ErrorCode::EnvFile,
                               fileName % u':' % QString::number(n + 1) % u": \"" % trimmed
                                   % u"\" is not a KEY=value line",
                               u"Each line of an env file is KEY=value, a comment (#) or empty."_s)
                .at(fileName, int(n + 1), 1);
        if (eq < 0) {
            if (const auto v = lookup(key))
                out.append({key, *v});
            continue;
        }
        QString value = body.mid(eq + 1).trimmed();
        if (value.startsWith(u'\'')) {
            const qsizetype end = value.indexOf(u'\'', 1);
            out.append({key, end < 0 ? value.mid(1) : value.mid(1, end - 1)});
            continue;
        }
        bool interpolateIt = true;
        if (value.startsWith(u'"')) {
            QString v;
            qsizetype i = 1;
            for (; i < value.size() && value.at(i) != u'"'; ++i) {
                if (value.at(i) == u'\\' && i + 1 < value.size()) {
                    const QChar e = value.at(++i);
                    v += e == u'n' ? u'\n' : e == u't' ? u'\t' : e;
                } else {
                    v += value.at(i);
                }
            }
            value = v;
        } else {
            const qsizetype hash = value.indexOf(u" #");
            if (hash >= 0)
                value = value.left(hash).trimmed();
        }
        if (interpolateIt) {
            auto r = interpolate(value, local);
            if (!r) {
                Error e = r.error();
                e.message = fileName % u':' % QString::number(n + 1) % u": " % e.message;
                e.file = fileName;
                e.line = int(n + 1);
                return e;
            }
            value = r.value().value;
        }
        out.append({key, value});
    }
    return out;
}

} // namespace khepri::compose
