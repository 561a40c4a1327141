#include "askpass.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStringBuilder>

#include "display.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

QString markerPath(const AskpassRequest &request)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9@._-]"_s);
    QString name = request.key;
    name.replace(unsafe, u"_"_s);
    return QDir(request.stateDir).filePath(u"offered-"_s % name);
}

QString shellQuote(const QString &text)
{
    QString quoted = text;
    quoted.replace(u"'"_s, u"'\\''"_s);
    return u'\'' % quoted % u'\'';
}

} // namespace

QString sudoCredentialKey(const QString &localHost)
{
    return u"sudo@"_s % localHost;
}

QString sshCredentialKey(const QString &targetHost)
{
    return u"ssh@"_s % targetHost;
}

AskpassRequest askpassRequest(const QString &prompt, const QProcessEnvironment &environment)
{
    AskpassRequest request;
    request.prompt = prompt;
    request.key = environment.value(QString::fromLatin1(kAskpassKeyVariable));
    request.stateDir = environment.value(QString::fromLatin1(kAskpassStateVariable));
    request.confirmation =
        prompt.contains(u"(yes/no"_s) || prompt.contains(u"[y/N]"_s) || prompt.contains(u"[Y/n]"_s);
    return request;
}

bool mayAnswerFromKeychain(const AskpassRequest &request)
{
    if (request.key.isEmpty() || request.confirmation)
        return false;
    return request.stateDir.isEmpty() || !QFile::exists(markerPath(request));
}

Result<void> markKeychainAnswerOffered(const AskpassRequest &request)
{
    if (request.stateDir.isEmpty())
        return {};
    QFile marker(markerPath(request));
    if (!marker.open(QIODevice::WriteOnly))
        return Error::make(ErrorCode::AskpassState, u"cannot write the askpass state "_s
                                                        % marker.fileName() % u": "_s
                                                        % marker.errorString());
    return {};
}

QString askpassHelperScript(const QString &khepriProgram)
{
    // Without a display `khepri askpass` still needs a Qt platform to start
    // its QApplication; it then asks on the terminal. The test is the shell
    // form of detectDisplay() (display.h), generated from its definition.
    return u"#!/bin/sh\n"
           u"# Written by khepri for one rebuild: sudo -A and ssh ask for passwords\n"
           u"# through it. It holds no secret.\n"
           u"if ! { "_s
           % displayShellCondition()
           % u"; }; then\n"
             u"  QT_QPA_PLATFORM=offscreen; export QT_QPA_PLATFORM\n"
             u"fi\n"
             u"exec "_s
           % shellQuote(khepriProgram) % u" askpass -- \"$@\"\n"_s;
}

} // namespace khepri
