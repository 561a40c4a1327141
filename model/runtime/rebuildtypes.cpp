#include "rebuildtypes.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

constexpr std::array actions{
    std::pair{RebuildAction::Switch, u"switch"},
    std::pair{RebuildAction::Test, u"test"},
    std::pair{RebuildAction::Boot, u"boot"},
    std::pair{RebuildAction::Build, u"build"},
    std::pair{RebuildAction::DryActivate, u"dry-activate"},
};

constexpr std::array privileges{
    std::pair{Privilege::Root, u"root"},
    std::pair{Privilege::None, u"none"},
    std::pair{Privilege::Pkexec, u"pkexec"},
    std::pair{Privilege::Sudo, u"sudo"},
};

template<typename Table, typename Enum>
QString nameOf(const Table &table, Enum value)
{
    for (const auto &[v, name] : table)
        if (v == value)
            return QString::fromUtf16(name);
    return {};
}

template<typename Enum, typename Table>
std::optional<Enum> valueOf(const Table &table, const QString &name)
{
    for (const auto &[v, n] : table)
        if (name == QStringView(n))
            return v;
    return std::nullopt;
}

} // namespace

QString rebuildActionName(RebuildAction action)
{
    return nameOf(actions, action);
}

std::optional<RebuildAction> parseRebuildAction(const QString &name)
{
    return valueOf<RebuildAction>(actions, name);
}

QString privilegeName(Privilege privilege)
{
    return nameOf(privileges, privilege);
}

std::optional<Privilege> parsePrivilege(const QString &name)
{
    return valueOf<Privilege>(privileges, name);
}

bool actionNeedsPrivilege(RebuildAction action)
{
    return action != RebuildAction::Build;
}

QString rebuildPhaseName(RebuildPhase phase)
{
    switch (phase) {
    case RebuildPhase::Idle:
        return u"idle"_s;
    case RebuildPhase::Preparing:
        return u"preparing"_s;
    case RebuildPhase::Evaluating:
        return u"evaluating"_s;
    case RebuildPhase::Building:
        return u"building"_s;
    case RebuildPhase::Downloading:
        return u"downloading"_s;
    case RebuildPhase::Activating:
        return u"activating"_s;
    case RebuildPhase::Done:
        return u"done"_s;
    case RebuildPhase::Failed:
        return u"failed"_s;
    case RebuildPhase::Cancelled:
        return u"cancelled"_s;
    }
    return {};
}

} // namespace khepri
