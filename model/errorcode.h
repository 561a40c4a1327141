#pragma once

// ErrorCode: what kind of failure an Error reports. Callers branch on it
// instead of on message text. Each value has a stable kebab-case name
// ("nix-missing", "save-conflict", …) that the CLI prints in its JSON output
// and scripts may match: errorCodeName() and parseErrorCode() translate, and
// a name never changes once released. None (named "") is the code of a
// default-constructed Error, which reports nothing.

#include <optional>

#include <QMetaType>
#include <QString>
#include <QStringView>

namespace khepri {

enum class ErrorCode {
    None,
    Empty,
    Usage,
    Io,
    Internal,
    Cancelled,
    NotFound,
    AccessDenied,
    Timeout,
    Exists,
    Invalid,
    InvalidName,
    ReadOnly,
    Shape,
    Syntax,
    Type,
    Validation,
    Unreadable,
    NixMissing,
    NixCrashed,
    FileMissing,
    FileUnreadable,
    Evaluation,
    RestrictedPath,
    RestrictedUri,
    RestrictedBuild,
    NotUtf8,
    TooDeep,
    TooLarge,
    BadOutput,
    NoHost,
    NoModule,
    Build,
    Manifest,
    ManifestVersion,
    NoSuchComposition,
    NoSuchEntity,
    UnknownComposition,
    NotOwned,
    NoOwnedFile,
    Unrepresentable,
    NoSuchEdge,
    CannotConnect,
    SaveBackupForeign,
    SaveBackupUnsafe,
    SaveBusy,
    SaveChangedDuringSave,
    SaveConflict,
    SaveUnrepresentable,
    SaveFailed,
    SaveLockFailed,
    SaveLockUnsafe,
    SaveLocked,
    SaveUnreadable,
    SaveVerifyFailed,
    SaveWriteFailed,
    DiskFull,
    EnvFile,
    ExtendsCycle,
    ExtendsUnknown,
    IncludeConflict,
    IncludeCycle,
    InvalidTemplate,
    MissingVariable,
    MissingImage,
    ProjectName,
    DuplicateKey,
    BusGone,
    BusUnreachable,
    JobFailed,
    ManagerMissing,
    NoSuchUnit,
    NoUnit,
    Refused,
    Systemd,
    Aborted,
    Conflict,
    DockerAccessDenied,
    DockerApi,
    DockerGone,
    DockerHostUnsupported,
    DockerProtocol,
    DockerTimeout,
    DockerTooLarge,
    DockerUnreachable,
    Askpass,
    AskpassMissing,
    AskpassState,
    NixosRebuildMissing,
    NixosRebuildProbe,
    NotAuthorized,
    PrivilegeMissing,
    RebuildFailed,
    Keychain,
    KeychainTimeout,
    NoKeychain,
    NoTerminal,
    DockerTooOld,
    InvalidNodeId,
    Busy,
};

QString errorCodeName(ErrorCode code); // "nix-missing", …; "" for None
std::optional<ErrorCode> parseErrorCode(QStringView name);

// QTest prints a compared ErrorCode by its name (found by argument-dependent
// lookup from QCOMPARE; the caller frees the copy, as QTest does).
char *toString(ErrorCode code);

} // namespace khepri

Q_DECLARE_METATYPE(khepri::ErrorCode)
