#pragma once

// ScreenLine: one line of the terminal console as the renderer produces it —
// runs of text, each with a Style — independent of any terminal. The painter
// maps styles to colours or, without colour, to bold/reverse/dim. The text of
// a line never holds control characters and fits the width it was rendered
// for (in terminal cells).

#include <QList>
#include <QString>

namespace khepri {

enum class ScreenStyle {
    Normal,
    Title,    // the top line
    Footer,   // key hints
    Selected, // the selected row
    Header,   // a pane's heading
    Dim,      // secondary text, unknown state
    Good,     // running, healthy
    Warn,     // starting, restarting, drift
    Bad,      // failed, unhealthy, errors
    Stopped,  // stopped, missing
    Match,    // a search match
    Dialog,   // a confirmation or choice
};

struct ScreenSpan {
    QString text;
    ScreenStyle style = ScreenStyle::Normal;
    friend bool operator==(const ScreenSpan &, const ScreenSpan &) = default;
};

struct ScreenLine {
    QList<ScreenSpan> spans;
    // Fills the rest of the line with this style (a selected row), else none.
    bool fill = false;
    ScreenStyle fillStyle = ScreenStyle::Normal;

    QString text() const; // the spans' text joined, for tests
    void append(const QString &text, ScreenStyle style = ScreenStyle::Normal);
    friend bool operator==(const ScreenLine &, const ScreenLine &) = default;
};

} // namespace khepri
