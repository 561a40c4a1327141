#include "rebuildcommand.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStringBuilder>
#include <QSysInfo>

#include "askpass.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

Error planError(const QString &message, const QString &hint = {})
{
    return Error::make(ErrorCode::Usage, message, hint);
}

bool isValidTargetHost(const QString &target)
{
    // USER@HOST, HOST, an IPv6 address in brackets. Never something ssh would
    // read as an option.
    static const QRegularExpression re(
        u"^([A-Za-z0-9_][A-Za-z0-9_.-]*@)?[A-Za-z0-9_\\[][A-Za-z0-9_.:\\]-]*$"_s);
    return re.match(target).hasMatch();
}

} // namespace

NixosRebuildFeatures parseNixosRebuildHelp(const QString &helpText)
{
    // Both the bash nixos-rebuild's man page and nixos-rebuild-ng's argparse
    // usage list their options; "--sudo" alone (not "--use-remote-sudo")
    // marks the newer one.
    static const QRegularExpression sudoFlag(u"(^|[\\s\\[,])--sudo\\b"_s);
    NixosRebuildFeatures features;
    if (sudoFlag.match(helpText).hasMatch())
        features.remoteSudoFlag = NixosRebuildFeatures::RemoteSudoFlag::Sudo;
    features.askSudoPassword = helpText.contains(u"--ask-sudo-password"_s);
    features.logFormat = helpText.contains(u"--log-format"_s);
    return features;
}

Result<RebuildCommand> buildRebuildCommand(const RebuildPlan &plan,
                                           const NixosRebuildFeatures &features)
{
    if (plan.source.kind != Source::Kind::Flake)
        return planError(u"a rebuild needs a flake: --file names a compositions file, not a "
                         u"NixOS configuration"_s,
                         u"Pass --flake REF#HOST."_s);
    if (plan.source.flakeRef.isEmpty() || !isValidHostName(plan.source.host))
        return planError(u"invalid flake \""_s % plan.source.flakeRef % u'#' % plan.source.host
                             % u'"',
                         u"Pass --flake REF#HOST."_s);
    if (!plan.targetHost.isEmpty() && !isValidTargetHost(plan.targetHost))
        return planError(u"invalid target host \""_s % plan.targetHost % u'"',
                         u"Write HOST or USER@HOST."_s);
    if (plan.nixosRebuild.isEmpty())
        return Error::make(ErrorCode::NixosRebuildMissing, u"no nixos-rebuild to run"_s);
    if (plan.privilege == Privilege::Pkexec && !QFileInfo(plan.nixosRebuild).isAbsolute())
        return planError(u"pkexec needs the absolute path of nixos-rebuild"_s);

    RebuildCommand command;
    QStringList rebuildArguments{rebuildActionName(plan.action), u"--flake"_s,
                                 plan.source.flakeRef % u'#' % plan.source.host};
    if (!plan.targetHost.isEmpty()) {
        rebuildArguments << u"--target-host"_s << plan.targetHost;
        if (plan.remoteSudo)
            rebuildArguments << (features.remoteSudoFlag
                                         == NixosRebuildFeatures::RemoteSudoFlag::Sudo
                                     ? u"--sudo"_s
                                     : u"--use-remote-sudo"_s);
    }
    command.structuredLog = plan.structuredLog.value_or(features.logFormat);
    if (command.structuredLog)
        rebuildArguments << u"--log-format"_s << u"internal-json"_s;

    switch (plan.privilege) {
    case Privilege::Root:
    case Privilege::None:
        command.program = plan.nixosRebuild;
        command.arguments = rebuildArguments;
        break;
    case Privilege::Pkexec:
        command.program = u"pkexec"_s;
        command.arguments = QStringList{plan.nixosRebuild} + rebuildArguments;
        break;
    case Privilege::Sudo:
        command.program = u"sudo"_s;
        command.arguments = QStringList{u"-A"_s, u"--"_s, plan.nixosRebuild} + rebuildArguments;
        break;
    }

    const bool sudo = plan.privilege == Privilege::Sudo;
    const bool ssh = !plan.targetHost.isEmpty();
    command.needsAskpass = sudo || ssh;
    if (command.needsAskpass && plan.askpassHelper.isEmpty())
        return Error::make(ErrorCode::AskpassMissing, u"no askpass helper for sudo or ssh"_s);
    if (sudo)
        command.environment.append({u"SUDO_ASKPASS"_s, plan.askpassHelper});
    if (ssh) {
        command.environment.append({u"SSH_ASKPASS"_s, plan.askpassHelper});
        command.environment.append({u"SSH_ASKPASS_REQUIRE"_s, u"force"_s});
    }
    if (command.needsAskpass) {
        // sudo resets the environment of what it runs, so a local sudo's key
        // is the one askpass sees first; ssh under it runs as root anyway.
        const QString host =
            plan.localHostName.isEmpty() ? QSysInfo::machineHostName() : plan.localHostName;
        command.environment.append(
            {QString::fromLatin1(kAskpassKeyVariable),
             sudo ? sudoCredentialKey(host) : sshCredentialKey(plan.targetHost)});
        if (!plan.askpassStateDir.isEmpty())
            command.environment.append(
                {QString::fromLatin1(kAskpassStateVariable), plan.askpassStateDir});
    }
    return command;
}

Result<QString> findNixosRebuild(const QProcessEnvironment &environment)
{
    const QString configured = environment.value(u"KHEPRI_NIXOS_REBUILD"_s);
    if (!configured.isEmpty()) {
        const QFileInfo info(configured);
        if (!info.isFile() || !info.isExecutable())
            return Error::make(ErrorCode::NixosRebuildMissing,
                               u"KHEPRI_NIXOS_REBUILD names "_s % configured
                                   % u", which is not an executable file"_s,
                               u"Point KHEPRI_NIXOS_REBUILD at nixos-rebuild or unset it."_s);
        return info.absoluteFilePath();
    }
    const QString path = environment.value(u"PATH"_s);
    const QString found =
        QStandardPaths::findExecutable(u"nixos-rebuild"_s, path.split(u':', Qt::SkipEmptyParts));
    if (found.isEmpty())
        return Error::make(
            ErrorCode::NixosRebuildMissing, u"nixos-rebuild is not installed (not found on PATH)"_s,
            u"Rebuild on a NixOS machine, or set KHEPRI_NIXOS_REBUILD to its path."_s);
    return QFileInfo(found).absoluteFilePath();
}

Privilege defaultPrivilege(RebuildAction action, bool remote, bool isRoot, bool hasDisplay,
                           bool pkexecInstalled, bool sudoInstalled)
{
    if (isRoot)
        return Privilege::Root;
    // A remote rebuild builds here as the user; the target elevates itself.
    if (remote || !actionNeedsPrivilege(action))
        return Privilege::None;
    if (hasDisplay && pkexecInstalled)
        return Privilege::Pkexec;
    if (sudoInstalled)
        return Privilege::Sudo;
    return pkexecInstalled ? Privilege::Pkexec : Privilege::None;
}

} // namespace khepri
