#pragma once

// TuiRenderer turns a TuiViewState into the lines of the terminal console for
// a given width and height: the title, the list of compositions with their
// live state, the detail, log, rebuild, diagnostics and help screens, the
// message or dialog line and the key footer. Pure: no terminal, no I/O, so
// every screen is unit-tested; the painter (TerminalScreen) only copies the
// lines onto the terminal.
//
// Invariants of the result: exactly `height` lines; the text of each fits in
// `width` cells (wide characters count two); no control characters; with
// `unicode` off only ASCII.

#include <QList>
#include <QString>

#include "screenline.h"
#include "tuiviewstate.h"

namespace khepri {

struct TuiRenderOptions {
    bool unicode = true; // UTF-8 terminal: symbols and "…"; else ASCII only
};

class TuiRenderer {
public:
    static constexpr int kMinimumWidth = 80;
    static constexpr int kMinimumHeight = 24;

    static QList<ScreenLine> render(const TuiViewState &state, int width, int height,
                                    const TuiRenderOptions &options = {});

    // Terminal cells `text` takes (wide East Asian characters two, combining
    // marks none).
    static int displayWidth(const QString &text);
    // `text` made printable (tabs to spaces, other control characters shown
    // escaped as "\x1b" (escapeControls), without unicode non-ASCII to '?')
    // and cut to `width` cells, ending in an ellipsis when cut.
    static QString fit(const QString &text, int width, bool unicode);

    // The key hints of a screen, most important first.
    static QString footerText(const TuiViewState &state, bool unicode);
    static ScreenStyle statusStyle(LiveStatus status);
};

} // namespace khepri
