#include "rebuildsettings.h"

#include <QSettings>
#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {
QString group(const QString &host)
{
    // QSettings treats '/' as a separator; host names never contain one, but
    // keep the group a single level whatever comes in.
    QString name = host;
    name.replace(u'/', u'_');
    return u"rebuild/"_s % name;
}
} // namespace

RebuildHostSettings loadRebuildHostSettings(QSettings &settings, const QString &host)
{
    RebuildHostSettings choice;
    settings.beginGroup(group(host));
    choice.privilege = parsePrivilege(settings.value(u"privilege"_s).toString());
    choice.targetHost = settings.value(u"targetHost"_s).toString();
    choice.remoteSudo = settings.value(u"remoteSudo"_s, false).toBool();
    settings.endGroup();
    return choice;
}

void saveRebuildHostSettings(QSettings &settings, const QString &host,
                             const RebuildHostSettings &choice)
{
    settings.beginGroup(group(host));
    if (choice.privilege)
        settings.setValue(u"privilege"_s, privilegeName(*choice.privilege));
    else
        settings.remove(u"privilege"_s);
    if (choice.targetHost.isEmpty())
        settings.remove(u"targetHost"_s);
    else
        settings.setValue(u"targetHost"_s, choice.targetHost);
    settings.setValue(u"remoteSudo"_s, choice.remoteSudo);
    settings.endGroup();
}

QString forgetRebuildTarget(QSettings &settings, const QString &host)
{
    RebuildHostSettings choice = loadRebuildHostSettings(settings, host);
    const QString forgotten = choice.targetHost;
    choice.targetHost.clear();
    choice.remoteSudo = false;
    saveRebuildHostSettings(settings, host, choice);
    settings.sync();
    return forgotten;
}

QString targetHostFromArgument(const QString &value)
{
    const QString host = value.trimmed();
    return host == u"local" ? QString() : host;
}

QString rebuildTargetNote(const QString &targetHost, bool remembered, const QString &howToChange)
{
    if (targetHost.isEmpty())
        return u"deploying to this machine"_s;
    if (remembered)
        return u"deploying to "_s % targetHost % u" (remembered; "_s % howToChange % u')';
    return u"deploying to "_s % targetHost;
}

} // namespace khepri
