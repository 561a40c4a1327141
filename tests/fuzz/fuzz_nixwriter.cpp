// libFuzzer target for the Nix writer. The input is read as JSON; an object
// goes through compositionsFromJson and writeCompositionsFile (no crash, no
// sanitizer report, same text twice). Every string the input holds — the
// whole input as UTF-8, and each JSON key and string value — must survive
// nixString(): decoding the literal the way nix's lexer does gives back the
// string; nixAttributeName() is either the bare name or such a literal.
// Built with clang (-fsanitize=fuzzer) when KHEPRI_FUZZERS is on; replayed
// over corpus/nixwriter by replay_main.cpp in every build.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "compositionjson.h"
#include "nixwriter.h"

namespace {

// Decodes a Nix double-quoted string literal as nix 2.x reads it (lexer.l's
// STRING state, then unescapeStr): `\n` `\r` `\t` are control characters,
// `\X` is X; `${` starts an interpolation (not a plain string: nullopt);
// `$` before anything else is literal; a raw CR or CR LF reads as LF; a NUL
// ends the text nix sees. Nothing may follow the closing quote.
std::optional<QString> decodeNixString(const QString &literal)
{
    if (literal.size() < 2 || literal.front() != u'"')
        return std::nullopt;
    QString out;
    qsizetype i = 1;
    while (i < literal.size()) {
        const QChar c = literal.at(i);
        const QChar next = i + 1 < literal.size() ? literal.at(i + 1) : QChar();
        if (c == u'"')
            return i == literal.size() - 1 ? std::optional<QString>(out) : std::nullopt;
        if (c == u'\\') {
            if (i + 1 >= literal.size())
                return std::nullopt;
            out += next == u'n'   ? QChar(u'\n')
                   : next == u'r' ? QChar(u'\r')
                   : next == u't' ? QChar(u'\t')
                                  : next;
            i += 2;
        } else if (c == u'$') {
            if (next == u'{')
                return std::nullopt;
            out += c;
            if (next != u'"' && next != u'\\' && i + 1 < literal.size()) {
                out += next; // "$$" and "$x" are read as a pair: "$${" is literal
                i += 2;
            } else {
                ++i;
            }
        } else if (c == u'\r') {
            out += u'\n';
            i += next == u'\n' ? 2 : 1;
        } else if (c.unicode() == 0) {
            return out; // nix's C string ends here; what follows is lost
        } else {
            out += c;
            ++i;
        }
    }
    return std::nullopt; // unterminated
}

[[noreturn]] void fail(const char *what, const QString &text)
{
    std::fprintf(stderr, "property violated: %s for %s\n", what,
                 QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact).constData());
    std::abort();
}

void checkString(const QString &s)
{
    // Nix strings cannot hold NUL at all (nix truncates there); nixString()
    // writes it raw, so such strings are left out of this property. The
    // Saver's read-back catches them (tst_saver: nulCannotBeSaved).
    if (s.contains(QChar(u'\0')))
        return;
    const QString literal = khepri::nixString(s);
    if (decodeNixString(literal) != s)
        fail("nixString does not decode back", s);
    // What reaches nix are the UTF-8 bytes of the file.
    const QString viaUtf8 = QString::fromUtf8(literal.toUtf8());
    if (QString::fromUtf8(s.toUtf8()) == s && decodeNixString(viaUtf8) != s)
        fail("nixString does not decode back through UTF-8", s);
    const QString name = khepri::nixAttributeName(s);
    if (name != s && decodeNixString(name) != s)
        fail("nixAttributeName is neither bare nor a faithful literal", s);
}

void checkStrings(const QJsonValue &value, int depth)
{
    if (depth > 64)
        return;
    if (value.isString()) {
        checkString(value.toString());
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            checkStrings(v, depth + 1);
    } else if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            checkString(it.key());
            checkStrings(it.value(), depth + 1);
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArray data(reinterpret_cast<const char *>(bytes), qsizetype(size));
    checkString(QString::fromUtf8(data));

    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
    if (error.error != QJsonParseError::NoError)
        return 0;
    checkStrings(doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()), 0);
    if (!doc.isObject())
        return 0;
    const auto compositions = khepri::compositionsFromJson(doc.object());
    if (!compositions)
        return 0;
    const QString text = khepri::writeCompositionsFile(compositions.value());
    if (!text.startsWith(khepri::kGeneratedHeader))
        fail("the file does not start with the generated header", text.left(200));
    if (khepri::writeCompositionsFile(compositions.value()) != text)
        fail("writeCompositionsFile is not deterministic", text.left(200));
    return 0;
}
