#include "nixerrorparser.h"

#include <algorithm>

#include <QFileInfo>
#include <QJsonParseError>
#include <QList>
#include <QRegularExpression>
#include <QStringBuilder>
#include <QStringList>

namespace khepri {

Error parseNixError(const QString &stderrText)
{
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;]*m"));
    static const QRegularExpression location(QStringLiteral(R"(^\s*at (.+):(\d+):(\d+):$)"));
    static const QRegularExpression excerpt(QStringLiteral(R"(^\s*(\d+)?\|)"));

    QString text = stderrText;
    text.remove(ansi);
    const QStringList lines = text.split(u'\n');

    Error error;
    error.code = ErrorCode::Evaluation;
    QStringList message;
    bool inMessage = false;
    for (const QString &raw : lines) {
        const QString line = raw.trimmed();
        if (!inMessage) {
            if (line.startsWith(u"error:")) {
                inMessage = true;
                const QString first = line.mid(6).trimmed();
                if (!first.isEmpty())
                    message.append(first);
            }
            continue;
        }
        const auto at = location.match(raw);
        if (at.hasMatch()) {
            // The first location is where nix reports the error itself; later
            // ones belong to the trace.
            if (error.file.isEmpty()) {
                error.file = at.captured(1);
                error.line = at.captured(2).toInt();
                error.column = at.captured(3).toInt();
            }
            continue;
        }
        if (line.isEmpty() || excerpt.match(raw).hasMatch()
            || line.startsWith(u"(use '--show-trace'") || line.startsWith(u"warning:"))
            continue;
        if (line.startsWith(u"…") || line.startsWith(u"error:")) // trace frames
            continue;
        if (error.file.isEmpty())
            message.append(line);
    }

    error.message = message.join(u' ');
    if (error.message.isEmpty()) {
        QStringList rest;
        for (const QString &line : lines) {
            if (!line.trimmed().isEmpty() && !line.trimmed().startsWith(u"warning:"))
                rest.append(line.trimmed());
        }
        error.message =
            rest.isEmpty() ? QStringLiteral("nix failed without a message") : rest.join(u' ');
    }
    if (error.message.startsWith(u"syntax error"))
        error.code = ErrorCode::Syntax;
    else if (error.message.contains(u"No such file or directory"))
        error.code = ErrorCode::FileMissing;
    if (error.file == u"«string»" || error.file == u"«stdin»" || error.file.startsWith(u"«")) {
        error.file.clear();
        error.line = error.column = 0;
    }
    return error;
}

} // namespace khepri

namespace khepri {

Error explainRestriction(const Error &error, const EvaluationScope &scope)
{
    static const QRegularExpression path(QStringLiteral(
        R"(access to (?:absolute|canonical) path '(.*)' is forbidden in (restricted|pure eval) mode)"));
    static const QRegularExpression uri(
        QStringLiteral(R"(access to URI '(.*)' is forbidden in restricted mode)"));
    static const QRegularExpression unbuilt(
        QStringLiteral(R"(^path '(/nix/store/[^']*)' is not valid)"));
    const bool file = scope.kind == EvaluationScope::Kind::File;
    Error e = error;
    if (const auto m = path.match(error.message); m.hasMatch()) {
        const QString read = m.captured(1);
        e.code = ErrorCode::RestrictedPath;
        if (file) {
            const QFileInfo info(read);
            const QString dir = info.isDir() ? read : info.path();
            e.message = scope.subject % u" reads " % read
                        % u", which is outside the directories khepri lets a compositions file "
                          u"read ("
                        % scope.allowed.join(u", ") % u')';
            e.hint = u"If you trust " % scope.subject % u", allow that directory with --allow-path "
                     % dir
                     % u" (repeatable). khepri evaluates compositions files in nix's restricted "
                       u"mode so that a file cannot read secrets such as /etc/shadow.";
        } else {
            e.message = u"the flake " % scope.subject % u" reads " % read
                        % u", which is outside the flake and its inputs";
            e.hint = QStringLiteral(
                "nix evaluates flakes purely: add the file to the flake (a git flake sees only "
                "tracked files) or make its directory a flake input.");
        }
    } else if (const auto u = uri.match(error.message); u.hasMatch()) {
        e.code = ErrorCode::RestrictedUri;
        e.message = scope.subject % u" downloads " % u.captured(1)
                    % u"; khepri evaluates compositions files without network access";
        e.hint = QStringLiteral(
            "Write the value into the file (an image as a name and tag string), or fetch it in "
            "the NixOS configuration and open that with --flake REF#HOST.");
    } else if (const auto b = unbuilt.match(error.message); file && b.hasMatch()) {
        e.code = ErrorCode::RestrictedBuild;
        e.message = scope.subject % u" needs " % b.captured(1)
                    % u", which is not built; khepri evaluates compositions files without "
                      u"building anything (no import from derivation)";
        e.hint = QStringLiteral("Open the NixOS configuration that builds it with --flake "
                                "REF#HOST, or write the value into the file.");
    }
    return e;
}

QStringList jsonPathAt(const QByteArray &json, qsizetype offset)
{
    struct Frame {
        bool object = false;
        bool expectKey = false;
        QByteArray key;
        int index = 0;
    };
    QList<Frame> stack;
    bool inString = false;
    bool isKey = false;
    QByteArray string;
    const qsizetype end = std::min(offset, json.size());
    for (qsizetype i = 0; i < end; ++i) {
        const char c = json.at(i);
        if (inString) {
            if (c == '\\' && i + 1 < end) {
                string += c;
                string += json.at(++i);
            } else if (c == '"') {
                inString = false;
                if (isKey)
                    stack.last().key = string;
            } else {
                string += c;
            }
            continue;
        }
        switch (c) {
        case '"':
            inString = true;
            isKey = !stack.isEmpty() && stack.last().object && stack.last().expectKey;
            string.clear();
            break;
        case '{':
            stack.append(Frame{true, true, {}, 0});
            break;
        case '[':
            stack.append(Frame{false, false, {}, 0});
            break;
        case '}':
        case ']':
            if (!stack.isEmpty())
                stack.removeLast();
            break;
        case ':':
            if (!stack.isEmpty())
                stack.last().expectKey = false;
            break;
        case ',':
            if (!stack.isEmpty()) {
                stack.last().expectKey = stack.last().object;
                stack.last().key.clear();
                ++stack.last().index;
            }
            break;
        default:
            break;
        }
    }
    if (inString && isKey && !stack.isEmpty())
        stack.last().key = string; // the error is in this key itself
    QStringList path;
    for (const Frame &f : std::as_const(stack)) {
        if (!f.object)
            path.append(u'[' % QString::number(f.index) % u']');
        else if (!f.key.isEmpty())
            path.append(QString::fromUtf8(f.key));
    }
    return path;
}

namespace {

// "composition web, service db, field image" for a path into compositions.
QString describeCompositionPath(QStringList path, bool flake)
{
    if (flake && path.value(0) == u"compositions")
        path.removeFirst();
    if (path.isEmpty())
        return QStringLiteral("a value");
    constexpr qsizetype kShown = 8;
    const bool cut = path.size() > kShown;
    if (cut)
        path = path.mid(0, kShown);
    QString text = u"composition " % path.takeFirst();
    if (path.value(0) == u"services" && path.size() >= 2) {
        path.removeFirst();
        text += u", service " % path.takeFirst();
    }
    if (!path.isEmpty()) {
        QString field;
        for (const QString &p : std::as_const(path))
            field += (field.isEmpty() || p.startsWith(u'[') ? QString() : QStringLiteral(".")) % p;
        text += u", field " % field % (cut ? QStringLiteral("…") : QString());
    }
    return text;
}

} // namespace

Error explainUnreadableOutput(const QByteArray &json, int offset, int error,
                              const QString &errorText, const EvaluationScope &scope)
{
    const bool flake = scope.kind == EvaluationScope::Kind::Flake;
    const QString where = describeCompositionPath(jsonPathAt(json, offset), flake);
    const QString subject = flake ? u"the flake " % scope.subject : scope.subject;
    if (error == QJsonParseError::IllegalUTF8String)
        return Error::make(
            ErrorCode::NotUtf8,
            where
                % u": the value is not valid UTF-8 text; khepri can only show and edit "
                  u"UTF-8 text",
            u"Fix the text in " % subject
                % u": save it as UTF-8 (e.g. iconv -f latin1 -t utf-8) or remove the "
                  u"stray bytes, then load it again.");
    if (error == QJsonParseError::DeepNesting)
        return Error::make(ErrorCode::TooDeep,
                           where
                               % u": the value is nested too deeply; khepri reads values up to "
                                 u"about 1,000 levels deep",
                           u"Flatten that value in " % subject
                               % u" (no container setting needs such depth), then load it again.");
    return Error::make(ErrorCode::BadOutput, u"nix printed output that is not JSON: " % errorText,
                       QStringLiteral("This is a bug in khepri or nix; please report it."));
}

} // namespace khepri
