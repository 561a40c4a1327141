#pragma once

// Helpers the command files share: printing, the default source, and
// loading compositions synchronously for one-shot commands (the event loop
// runs while nix evaluates; nothing blocks a GUI here — there is none).

#include <optional>

#include <QList>
#include <QString>

#include "composition.h"
#include "result.h"
#include "source.h"

namespace khepri {

struct Command;
class Document;
struct SaveOutcome;

void printOut(const QString &text);
void printErr(const QString &text);

// The command's source, else /etc/nixos#<host> when /etc/nixos/flake.nix exists.
Result<Source> resolveSource(const Command &cmd);

// Evaluates the source with nix, running the event loop until done.
Result<QList<Composition>> loadCompositions(const Source &source);

// The bytes of `file` when khepri may write it (absent: nullopt); an Error when
// it exists but khepri did not generate it ("not-owned") or cannot be read.
Result<std::optional<QByteArray>> readOwnedFile(const QString &file);

// Saves the Document's owned file with the Saver, running the event loop until done.
Result<SaveOutcome> saveDocument(Document &document);

// Prints "khepri: <what>:\n<error>" and returns kExitUsage.
int failUsage(const QString &what, const Error &error);

// The command's source, evaluated. On failure prints why and returns the
// exit status; on success returns std::nullopt.
std::optional<int> loadCommandSource(const Command &cmd, Source *source,
                                     QList<Composition> *compositions);

// Writes `content` to `path` (atomically). A file already there is replaced
// only when `writtenByKhepri` recognises its bytes as khepri's own output:
// khepri never overwrites a file it did not write. On failure prints why and
// returns the exit status; on success returns std::nullopt.
std::optional<int> writeCommandOutput(const QString &path, const QByteArray &content,
                                      bool (*writtenByKhepri)(const QByteArray &existing));

} // namespace khepri
