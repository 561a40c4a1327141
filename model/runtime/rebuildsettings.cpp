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

} // namespace khepri
