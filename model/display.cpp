#include "display.h"

#include <array>

#include <QStringBuilder>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// X11 and Wayland: either one is a display a user can see.
constexpr std::array kDisplayVariables{"DISPLAY"_L1, "WAYLAND_DISPLAY"_L1};
constexpr auto kPlatformVariable = "QT_QPA_PLATFORM"_L1;
constexpr auto kOffscreen = "offscreen"_L1;

} // namespace

Display detectDisplay(const QProcessEnvironment &environment)
{
    const bool offscreen = environment.value(QString(kPlatformVariable)) == kOffscreen;
    if (!offscreen)
        for (const QLatin1StringView name : kDisplayVariables)
            if (!environment.value(QString(name)).isEmpty())
                return Display::Graphical;
    return offscreen ? Display::Offscreen : Display::None;
}

bool canShowWidgets(const QProcessEnvironment &environment)
{
    return detectDisplay(environment) != Display::None;
}

QString displayShellCondition()
{
    QString condition;
    for (const QLatin1StringView name : kDisplayVariables)
        condition += u"[ -n \"${"_s % QString(name) % u":-}\" ] || "_s;
    return condition % u"[ \"${"_s % QString(kPlatformVariable) % u":-}\" = "_s
           % QString(kOffscreen) % u" ]"_s;
}

} // namespace khepri
