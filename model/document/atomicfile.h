#pragma once

// The file operations a lossless save is made of: reading a file that may be
// missing, reading the head of a file without following a link, and
// replacing a file atomically. Pure functions over the file system.

#include <optional>

#include <QByteArray>
#include <QString>

#include "result.h"

namespace khepri {

// The file's bytes; absent when it does not exist.
Result<std::optional<QByteArray>> readOptionalFile(const QString &path);

// The first `size` bytes of the regular file at `path`, read without
// following a link; nothing when it cannot be read.
std::optional<QByteArray> readFileHead(const QString &path, qsizetype size);

// Replaces `path` with `content` atomically: a new temporary file in the
// same directory (O_EXCL, never a link), given `mode` before its first
// byte (default: the mode of the regular file at `path`, else 0666 minus
// the umask), flushed to disk and renamed over `path` — which replaces a
// symbolic link at `path` itself, never the file it points to. A full
// disk is the error "disk-full", and `path` is then unchanged.
Result<void> writeFileAtomically(const QString &path, const QByteArray &content, int mode = -1);

} // namespace khepri
