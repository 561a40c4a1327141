#pragma once

// Turns one docker compose project (one or more compose files, merged in
// compose's override order, with its .env or --env-file values) into one
// khepri Composition in canonical form, and says exactly what could not be
// carried over: every such key becomes a Diagnostic with the file, line and
// column of the YAML and what to do instead. Nothing is dropped silently.
//
// Handled as compose does: `name:`, anchors, aliases and `<<` merge keys,
// `x-` extension fields (ignored), interpolation (composeinterpolation.h),
// several files merged (later files override; lists of ports, volumes by
// target, … are merged as the compose specification says), `extends` (same
// file and other files), `include`, `profiles`, and the short and long
// syntax of every key the khepri module has. Relative host paths become
// absolute against the compose file's directory (with a note).
//
// Pure apart from reading the compose, env and included files. Unusable
// input (YAML syntax, wrong types, a required variable missing, an extends
// cycle) is an Error with file:line:column.

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include "composition.h"
#include "diagnostic.h"
#include "result.h"

namespace khepri::compose {

struct ImportOptions {
    QStringList files;                  // -f files, base first
    QStringList envFiles;               // --env-file; empty: .env beside the first file
    QString projectName;                // --project-name; else `name:`, else the directory
    QStringList profiles;               // --profile
    QMap<QString, QString> environment; // the process environment
    QString secretsDir; // --secrets-to: secret-looking variables go to a 0600 env file here
};

// An environment file --secrets-to asks for: written by the caller, mode 0600.
struct SecretFile {
    QString path;
    QByteArray content;
};

struct ImportResult {
    Composition composition;
    QList<Diagnostic> diagnostics; // notes, keys not carried over, warnings
    QStringList excludedServices;  // left out by profiles
    QList<SecretFile> secretFiles;

    // False when a diagnostic says something of the compose project is not
    // in the composition (exit status 1 of `khepri import`).
    bool everythingCarried() const;
};

// Diagnostic codes of the importer.
inline constexpr char16_t kNotCarried[] = u"compose-not-carried";
inline constexpr char16_t kProfileExcluded[] = u"compose-profile-excluded";
inline constexpr char16_t kVariableUnset[] = u"compose-variable-unset";
inline constexpr char16_t kPathResolved[] = u"compose-path-resolved";
inline constexpr char16_t kTranslated[] = u"compose-translated";

bool isNotCarried(const Diagnostic &diagnostic);

Result<ImportResult> importCompose(const ImportOptions &options);

// The same from text (tests, fuzzing): `fileName` is where it claims to be
// (relative paths, .env and included files are looked up beside it).
Result<ImportResult> importComposeText(const QByteArray &yaml, const QString &fileName,
                                       const ImportOptions &options);

// The preview of an import as text, the same in every console: the
// composition and its services (image, dependencies with conditions,
// networks, ports, mounts), what profiles left out, then every diagnostic.
QStringList previewLines(const ImportResult &result);

// Writes the files of --secrets-to, mode 0600 (created so; never readable by others).
Result<void> writeSecretFiles(const QList<SecretFile> &files);

} // namespace khepri::compose
