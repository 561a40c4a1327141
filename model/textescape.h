#pragma once

// Makes text from outside (a compositions file, nix, Docker, systemd) safe to
// print on a terminal: control characters become visible escapes ("\x1b",
// "\x07", "\u202e"), so a service name or an image cannot move the cursor,
// retitle the window or clear the screen. Every human-readable output — show,
// validate, status, errors, the terminal console — goes through it; JSON
// output is escaped by JSON itself.

#include <QString>

namespace khepri {

enum class Newlines {
    Escape, // one value on one line: "\n" becomes "\x0a"
    Keep,   // multi-line text (an error with its hint): "\n" stays
};

// C0 controls, DEL, C1 controls and the invisible bidirectional and
// line-separator characters, escaped; everything else unchanged.
QString escapeControls(const QString &text, Newlines newlines = Newlines::Escape);

} // namespace khepri
