#pragma once

// TerminalScreen is the console's ncurses painter and keyboard: it puts the
// terminal into full-screen mode (alternate screen, no echo, cbreak — so
// Ctrl-C still raises SIGINT), copies rendered ScreenLines onto it, and
// reports keys as tuikey codes. It knows nothing of khepri's model.
//
// It lives in the Qt event loop: stdin is watched with a QSocketNotifier
// and read until empty, resizes arrive through TerminalSignals' self-pipe;
// there is no timer and nothing runs while the user does nothing.
// Capabilities are decided once: UTF-8 or ASCII (nl_langinfo(CODESET)),
// colour or monochrome (has_colors(), NO_COLOR).
//
// The destructor restores the terminal (endwin); so do SIGINT/SIGTERM (via
// interrupted() and a clean quit) and the crash handlers. Owned by
// TerminalUi; at most one exists at a time.

#include <QList>
#include <QObject>

#include "result.h"
#include "screenline.h"

class QSocketNotifier;

namespace khepri {

class TerminalSignals;

class TerminalScreen : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TerminalScreen)
public:
    // Whether stdin and stdout are a terminal ncurses can drive.
    static Result<void> checkTerminal();

    explicit TerminalScreen(QObject *parent = nullptr);
    ~TerminalScreen() override;

    int width() const;
    int height() const;
    bool unicode() const { return m_unicode; }
    bool colour() const { return m_colour; }

    void paint(const QList<ScreenLine> &lines);

Q_SIGNALS:
    void keyPressed(int key);
    void resized();
    void interrupted();

private:
    void onInput();
    void onResize();
    int attributeFor(ScreenStyle style) const;

    TerminalSignals *m_signals;
    QSocketNotifier *m_stdin;
    bool m_unicode = false;
    bool m_colour = false;
};

} // namespace khepri
