#include "systemderrors.h"

#include <QDBusError>
#include <QStringBuilder>

#include "runtimelogging.h"

using namespace Qt::StringLiterals;

namespace khepri::systemderrors {

Error fromDBus(const QDBusError &error, const QString &doing, const QString &unit)
{
    const QString name = error.name();
    const QString what = u"could not "_s % doing % u": "_s;
    if (name == u"org.freedesktop.DBus.Error.AccessDenied"
        || name == u"org.freedesktop.DBus.Error.InteractiveAuthorizationRequired"
        || name == u"org.freedesktop.DBus.Error.AuthFailed") {
        // Who said no: the bus daemon's policy (its message starts "Rejected
        // send message", and is a page of match details), or systemd after
        // asking polkit (a short sentence, worth showing).
        qCDebug(lcSystemd) << "denied:" << name << error.message();
        QString why;
        if (error.message().startsWith(u"Rejected send message"_s))
            why = u"the D-Bus policy does not let this user ask systemd to do that"_s;
        else if (name == u"org.freedesktop.DBus.Error.InteractiveAuthorizationRequired")
            why = u"polkit wants you to authenticate, and no authentication agent is running"_s;
        else
            why = u"polkit did not authorize it ("_s % error.message() % u')';
        return Error::make(
            ErrorCode::AccessDenied, what % u"permission denied: "_s % why,
            u"Run khepri as root (sudo), or allow your user to manage these units "
            u"with a polkit rule for org.freedesktop.systemd1.manage-units (README: "
            u"\"systemd access\"); on a desktop, a polkit agent lets you authenticate "
            u"instead."_s);
    }
    if (name == u"org.freedesktop.systemd1.NoSuchUnit"
        || name == u"org.freedesktop.systemd1.LoadFailed")
        return Error::make(
            ErrorCode::NoSuchUnit,
            what % u"there is no unit "_s % (unit.isEmpty() ? error.message() : unit)
                % u" on this host"_s,
            u"Is the composition deployed? Rebuild the system with it (khepri rebuild)."_s);
    if (name == u"org.freedesktop.systemd1.OnlyByDependency"
        || name == u"org.freedesktop.systemd1.UnitMasked"
        || name == u"org.freedesktop.systemd1.JobTypeNotApplicable"
        || name == u"org.freedesktop.systemd1.TransactionIsDestructive"
        || name == u"org.freedesktop.systemd1.TransactionJobsConflicting"
        || name == u"org.freedesktop.systemd1.UnitInactive")
        return Error::make(ErrorCode::Refused, what % u"systemd refused: "_s % error.message());
    if (name == u"org.freedesktop.DBus.Error.ServiceUnknown"
        || name == u"org.freedesktop.DBus.Error.NameHasNoOwner"
        || name == u"org.freedesktop.DBus.Error.UnknownObject")
        return Error::make(ErrorCode::ManagerMissing,
                           what % u"the systemd manager is not on the bus ("_s % error.message()
                               % u')');
    if (name == u"org.freedesktop.DBus.Error.Disconnected"
        || name == u"org.freedesktop.DBus.Error.NoReply"
        || name == u"org.freedesktop.DBus.Error.NoServer")
        return Error::make(ErrorCode::BusGone,
                           what % u"the D-Bus connection is gone ("_s % error.message() % u')',
                           u"khepri reconnects when the bus is back."_s);
    return Error::make(ErrorCode::Systemd, what % error.message() % u" ("_s % name % u')');
}

Error busUnreachable(const QString &bus, const QString &detail, bool systemBus)
{
    return Error::make(
        ErrorCode::BusUnreachable,
        u"cannot connect to "_s % bus % (detail.isEmpty() ? QString() : u": "_s % detail),
        systemBus ? u"Is D-Bus running? khepri reads the system's units over the system bus."_s
                  : u"Is a user session running? Without one, drop --user to use the "
                    u"system manager."_s);
}

Error busDown(const QString &bus)
{
    return Error::make(ErrorCode::BusUnreachable, u"cannot reach "_s % bus);
}

Error busLost(const QString &bus)
{
    return Error::make(ErrorCode::BusGone, u"lost the connection to "_s % bus,
                       u"khepri reconnects when the bus is back."_s);
}

Error managerMissing(const QString &bus, bool systemBus)
{
    return Error::make(
        ErrorCode::ManagerMissing, u"no systemd manager is running on "_s % bus,
        systemBus ? u"khepri needs systemd as the init system to show and control units."_s
                  : u"Start the user manager (a login session starts it), or drop --user to "
                    u"use the system manager."_s);
}

Error managerLeft(const QString &bus)
{
    return Error::make(ErrorCode::ManagerMissing, u"the systemd manager left "_s % bus,
                       u"khepri reconnects when it is back."_s);
}

Error managerRestarted()
{
    return Error::make(ErrorCode::ManagerMissing, u"the systemd manager restarted"_s);
}

Error jobFailed(const QString &unit, const QString &verb, const QString &result, bool systemBus)
{
    QString why;
    if (result == u"failed")
        why = u"it failed"_s;
    else if (result == u"timeout")
        why = u"it timed out"_s;
    else if (result == u"dependency")
        why = u"a unit it depends on failed"_s;
    else if (result == u"canceled")
        why = u"the job was cancelled"_s;
    else if (result == u"skipped")
        why = u"a condition was not met"_s;
    else
        why = u"the job ended with \""_s % result % u'"';
    return Error::make(ErrorCode::JobFailed, u"could not "_s % verb % u' ' % unit % u": "_s % why,
                       u"See its log: journalctl "_s % (systemBus ? QString() : u"--user "_s)
                           % u"-u "_s % unit);
}

} // namespace khepri::systemderrors
