#include "source.h"

#include <QRegularExpression>
#include <QStringBuilder>
#include <QSysInfo>

namespace khepri {

Source Source::file(const QString &path)
{
    Source s;
    s.kind = Kind::File;
    s.path = path;
    return s;
}

Result<Source> Source::flake(const QString &argument)
{
    Source s;
    s.kind = Kind::Flake;
    const qsizetype hash = argument.lastIndexOf(u'#');
    s.flakeRef = hash < 0 ? argument : argument.left(hash);
    s.host = hash < 0 ? QString() : argument.mid(hash + 1);
    if (s.flakeRef.isEmpty())
        s.flakeRef = QStringLiteral("/etc/nixos");
    if (s.host.isEmpty())
        s.host = QSysInfo::machineHostName();
    if (!isValidHostName(s.host))
        return Error::make(
            ErrorCode::Usage, u"invalid host name \"" % s.host % u"\" in --flake",
            QStringLiteral("Write --flake REF#HOST, e.g. --flake /etc/nixos#myhost."));
    return s;
}

QString Source::describe() const
{
    if (kind == Kind::File)
        return u"file " % path;
    return u"flake " % flakeRef % u'#' % host;
}

bool isValidHostName(const QString &host)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9_.-]*$"));
    return re.match(host).hasMatch();
}

} // namespace khepri
