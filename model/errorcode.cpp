#include "errorcode.h"

#include <QByteArray>

#include "enumnames.h"

namespace khepri {
namespace {

constexpr auto errorCodes = makeEnumNames<ErrorCode>({
    {ErrorCode::None, u""},
    {ErrorCode::Empty, u"empty"},
    {ErrorCode::Usage, u"usage"},
    {ErrorCode::Io, u"io"},
    {ErrorCode::Internal, u"internal"},
    {ErrorCode::Cancelled, u"cancelled"},
    {ErrorCode::NotFound, u"not-found"},
    {ErrorCode::AccessDenied, u"access-denied"},
    {ErrorCode::Timeout, u"timeout"},
    {ErrorCode::Exists, u"exists"},
    {ErrorCode::Invalid, u"invalid"},
    {ErrorCode::InvalidName, u"invalid-name"},
    {ErrorCode::ReadOnly, u"read-only"},
    {ErrorCode::Shape, u"shape"},
    {ErrorCode::Syntax, u"syntax"},
    {ErrorCode::Type, u"type"},
    {ErrorCode::Validation, u"validation"},
    {ErrorCode::Unreadable, u"unreadable"},
    {ErrorCode::NixMissing, u"nix-missing"},
    {ErrorCode::NixCrashed, u"nix-crashed"},
    {ErrorCode::FileMissing, u"file-missing"},
    {ErrorCode::FileUnreadable, u"file-unreadable"},
    {ErrorCode::Evaluation, u"evaluation"},
    {ErrorCode::RestrictedPath, u"restricted-path"},
    {ErrorCode::RestrictedUri, u"restricted-uri"},
    {ErrorCode::RestrictedBuild, u"restricted-build"},
    {ErrorCode::NotUtf8, u"not-utf8"},
    {ErrorCode::TooDeep, u"too-deep"},
    {ErrorCode::TooLarge, u"too-large"},
    {ErrorCode::BadOutput, u"bad-output"},
    {ErrorCode::NoHost, u"no-host"},
    {ErrorCode::NoModule, u"no-module"},
    {ErrorCode::Build, u"build"},
    {ErrorCode::Manifest, u"manifest"},
    {ErrorCode::ManifestVersion, u"manifest-version"},
    {ErrorCode::NoSuchComposition, u"no-such-composition"},
    {ErrorCode::NoSuchEntity, u"no-such-entity"},
    {ErrorCode::UnknownComposition, u"unknown-composition"},
    {ErrorCode::NotOwned, u"not-owned"},
    {ErrorCode::NoOwnedFile, u"no-owned-file"},
    {ErrorCode::Unrepresentable, u"unrepresentable"},
    {ErrorCode::NoSuchEdge, u"no-such-edge"},
    {ErrorCode::CannotConnect, u"cannot-connect"},
    {ErrorCode::SaveBackupForeign, u"save-backup-foreign"},
    {ErrorCode::SaveBackupUnsafe, u"save-backup-unsafe"},
    {ErrorCode::SaveBusy, u"save-busy"},
    {ErrorCode::SaveChangedDuringSave, u"save-changed-during-save"},
    {ErrorCode::SaveConflict, u"save-conflict"},
    {ErrorCode::SaveUnrepresentable, u"save-unrepresentable"},
    {ErrorCode::SaveFailed, u"save-failed"},
    {ErrorCode::SaveLockFailed, u"save-lock-failed"},
    {ErrorCode::SaveLockUnsafe, u"save-lock-unsafe"},
    {ErrorCode::SaveLocked, u"save-locked"},
    {ErrorCode::SaveUnreadable, u"save-unreadable"},
    {ErrorCode::SaveVerifyFailed, u"save-verify-failed"},
    {ErrorCode::SaveWriteFailed, u"save-write-failed"},
    {ErrorCode::DiskFull, u"disk-full"},
    {ErrorCode::EnvFile, u"env-file"},
    {ErrorCode::ExtendsCycle, u"extends-cycle"},
    {ErrorCode::ExtendsUnknown, u"extends-unknown"},
    {ErrorCode::IncludeConflict, u"include-conflict"},
    {ErrorCode::IncludeCycle, u"include-cycle"},
    {ErrorCode::InvalidTemplate, u"invalid-template"},
    {ErrorCode::MissingVariable, u"missing-variable"},
    {ErrorCode::MissingImage, u"missing-image"},
    {ErrorCode::ProjectName, u"project-name"},
    {ErrorCode::DuplicateKey, u"duplicate-key"},
    {ErrorCode::BusGone, u"bus-gone"},
    {ErrorCode::BusUnreachable, u"bus-unreachable"},
    {ErrorCode::JobFailed, u"job-failed"},
    {ErrorCode::ManagerMissing, u"manager-missing"},
    {ErrorCode::NoSuchUnit, u"no-such-unit"},
    {ErrorCode::NoUnit, u"no-unit"},
    {ErrorCode::Refused, u"refused"},
    {ErrorCode::Systemd, u"systemd"},
    {ErrorCode::Aborted, u"aborted"},
    {ErrorCode::Conflict, u"conflict"},
    {ErrorCode::DockerAccessDenied, u"docker-access-denied"},
    {ErrorCode::DockerApi, u"docker-api"},
    {ErrorCode::DockerGone, u"docker-gone"},
    {ErrorCode::DockerHostUnsupported, u"docker-host-unsupported"},
    {ErrorCode::DockerProtocol, u"docker-protocol"},
    {ErrorCode::DockerTimeout, u"docker-timeout"},
    {ErrorCode::DockerTooLarge, u"docker-too-large"},
    {ErrorCode::DockerUnreachable, u"docker-unreachable"},
    {ErrorCode::Askpass, u"askpass"},
    {ErrorCode::AskpassMissing, u"askpass-missing"},
    {ErrorCode::AskpassState, u"askpass-state"},
    {ErrorCode::NixosRebuildMissing, u"nixos-rebuild-missing"},
    {ErrorCode::NixosRebuildProbe, u"nixos-rebuild-probe"},
    {ErrorCode::NotAuthorized, u"not-authorized"},
    {ErrorCode::PrivilegeMissing, u"privilege-missing"},
    {ErrorCode::RebuildFailed, u"rebuild-failed"},
    {ErrorCode::Keychain, u"keychain"},
    {ErrorCode::KeychainTimeout, u"keychain-timeout"},
    {ErrorCode::NoKeychain, u"no-keychain"},
    {ErrorCode::NoTerminal, u"no-terminal"},
    {ErrorCode::DockerTooOld, u"docker-too-old"},
    {ErrorCode::InvalidNodeId, u"invalid-node-id"},
    {ErrorCode::Busy, u"busy"},
});
static_assert(errorCodes.coversValuesBelow(errorCodes.size()) && errorCodes.namesAreUnique());

} // namespace

QString errorCodeName(ErrorCode code)
{
    return errorCodes.name(code);
}

std::optional<ErrorCode> parseErrorCode(QStringView name)
{
    return errorCodes.value(name);
}

char *toString(ErrorCode code)
{
    return qstrdup(errorCodeName(code).toUtf8().constData());
}

} // namespace khepri
