#include "rebuildtypes.h"

#include "enumnames.h"

namespace khepri {
namespace {

constexpr auto actions = makeEnumNames<RebuildAction>({
    {RebuildAction::Switch, u"switch"},
    {RebuildAction::Test, u"test"},
    {RebuildAction::Boot, u"boot"},
    {RebuildAction::Build, u"build"},
    {RebuildAction::DryActivate, u"dry-activate"},
});
static_assert(actions.coversValuesBelow(5) && actions.namesAreUnique());

constexpr auto privileges = makeEnumNames<Privilege>({
    {Privilege::Root, u"root"},
    {Privilege::None, u"none"},
    {Privilege::Pkexec, u"pkexec"},
    {Privilege::Sudo, u"sudo"},
});
static_assert(privileges.coversValuesBelow(4) && privileges.namesAreUnique());

constexpr auto phases = makeEnumNames<RebuildPhase>({
    {RebuildPhase::Idle, u"idle"},
    {RebuildPhase::Preparing, u"preparing"},
    {RebuildPhase::Evaluating, u"evaluating"},
    {RebuildPhase::Building, u"building"},
    {RebuildPhase::Downloading, u"downloading"},
    {RebuildPhase::Activating, u"activating"},
    {RebuildPhase::Done, u"done"},
    {RebuildPhase::Failed, u"failed"},
    {RebuildPhase::Cancelled, u"cancelled"},
});
static_assert(phases.coversValuesBelow(9) && phases.namesAreUnique());

} // namespace

QString rebuildActionName(RebuildAction action)
{
    return actions.name(action);
}

std::optional<RebuildAction> parseRebuildAction(const QString &name)
{
    return actions.value(name);
}

QString privilegeName(Privilege privilege)
{
    return privileges.name(privilege);
}

std::optional<Privilege> parsePrivilege(const QString &name)
{
    return privileges.value(name);
}

bool actionNeedsPrivilege(RebuildAction action)
{
    return action != RebuildAction::Build;
}

QString rebuildPhaseName(RebuildPhase phase)
{
    return phases.name(phase);
}

} // namespace khepri
