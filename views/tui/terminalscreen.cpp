#include "terminalscreen.h"

#include <clocale>
#include <cstring>

#include <langinfo.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <QSocketNotifier>

#include <curses.h>

#include "terminalsignals.h"
#include "tuikeys.h"
#include "tuilogging.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

// Colour pair numbers, one per coloured style.
enum Pair : short {
    PairTitle = 1,
    PairHeader,
    PairGood,
    PairWarn,
    PairBad,
    PairStopped,
    PairMatch,
    PairDialog,
};

int translateKey(int status, wint_t key)
{
    if (status == KEY_CODE_YES) {
        switch (key) {
        case KEY_UP:
            return tuikey::kUp;
        case KEY_DOWN:
            return tuikey::kDown;
        case KEY_LEFT:
            return tuikey::kLeft;
        case KEY_RIGHT:
            return tuikey::kRight;
        case KEY_PPAGE:
            return tuikey::kPageUp;
        case KEY_NPAGE:
            return tuikey::kPageDown;
        case KEY_HOME:
            return tuikey::kHome;
        case KEY_END:
            return tuikey::kEnd;
        case KEY_ENTER:
            return tuikey::kEnter;
        case KEY_BACKSPACE:
            return tuikey::kBackspace;
        default:
            return -1;
        }
    }
    switch (key) {
    case L'\n':
    case L'\r':
        return tuikey::kEnter;
    case 27:
        return tuikey::kEscape;
    case 127:
    case 8:
        return tuikey::kBackspace;
    case L'\t':
        return tuikey::kTab;
    default:
        return key < 32 ? -1 : int(key);
    }
}

} // namespace

Result<void> TerminalScreen::checkTerminal()
{
    if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDOUT_FILENO) != 1)
        return Error::make(
            ErrorCode::NoTerminal, u"the terminal console needs a terminal on stdin and stdout"_s,
            u"Run khepri tui in a terminal (or over ssh -t); for scripts use khepri status."_s);
    if (qEnvironmentVariableIsEmpty("TERM") || qEnvironmentVariable("TERM") == u"dumb")
        return Error::make(ErrorCode::NoTerminal,
                           u"TERM is unset or \"dumb\": the terminal cannot be driven"_s,
                           u"Set TERM to your terminal's type, e.g. TERM=xterm-256color."_s);
    return {};
}

TerminalScreen::TerminalScreen(QObject *parent)
    : QObject(parent)
    , m_signals(new TerminalSignals(this)) // before initscr: ncurses keeps our SIGWINCH handler
    , m_stdin(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    std::setlocale(LC_ALL, "");
    const char *codeset = nl_langinfo(CODESET);
    m_unicode = codeset && std::strcmp(codeset, "UTF-8") == 0;
    set_escdelay(25);
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    m_colour = has_colors() && qEnvironmentVariableIsEmpty("NO_COLOR");
    if (m_colour) {
        start_color();
        use_default_colors();
        init_pair(PairTitle, COLOR_BLACK, COLOR_CYAN);
        init_pair(PairHeader, COLOR_CYAN, -1);
        init_pair(PairGood, COLOR_GREEN, -1);
        init_pair(PairWarn, COLOR_YELLOW, -1);
        init_pair(PairBad, COLOR_RED, -1);
        init_pair(PairStopped, COLOR_MAGENTA, -1);
        init_pair(PairMatch, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PairDialog, COLOR_BLACK, COLOR_YELLOW);
    }
    qCDebug(lcUiTui) << "terminal" << COLS << "x" << LINES << "unicode" << m_unicode << "colour"
                     << m_colour;
    connect(m_stdin, &QSocketNotifier::activated, this, &TerminalScreen::onInput);
    connect(m_signals, &TerminalSignals::resized, this, &TerminalScreen::onResize);
    connect(m_signals, &TerminalSignals::interrupted, this, &TerminalScreen::interrupted);
}

TerminalScreen::~TerminalScreen()
{
    m_stdin->setEnabled(false);
    endwin();
}

int TerminalScreen::width() const
{
    return COLS;
}

int TerminalScreen::height() const
{
    return LINES;
}

void TerminalScreen::onInput()
{
    wint_t key = 0;
    int status;
    bool resized = false;
    while ((status = get_wch(&key)) != ERR) {
        if (status == KEY_CODE_YES && key == KEY_RESIZE) {
            resized = true;
            continue;
        }
        const int k = translateKey(status, key);
        if (k >= 0)
            Q_EMIT keyPressed(k);
    }
    if (resized)
        Q_EMIT this->resized();
}

void TerminalScreen::onResize()
{
    winsize size{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0)
        resizeterm(size.ws_row, size.ws_col);
    Q_EMIT resized();
}

int TerminalScreen::attributeFor(ScreenStyle style) const
{
    if (!m_colour) {
        switch (style) {
        case ScreenStyle::Normal:
            return A_NORMAL;
        case ScreenStyle::Title:
        case ScreenStyle::Selected:
        case ScreenStyle::Footer:
            return A_REVERSE;
        case ScreenStyle::Header:
            return A_BOLD | A_UNDERLINE;
        case ScreenStyle::Dim:
        case ScreenStyle::Stopped:
            return A_DIM;
        case ScreenStyle::Good:
            return A_NORMAL;
        case ScreenStyle::Warn:
        case ScreenStyle::Bad:
            return A_BOLD;
        case ScreenStyle::Match:
        case ScreenStyle::Dialog:
            return A_REVERSE | A_BOLD;
        }
        return A_NORMAL;
    }
    switch (style) {
    case ScreenStyle::Normal:
        return A_NORMAL;
    case ScreenStyle::Title:
        return int(COLOR_PAIR(PairTitle));
    case ScreenStyle::Footer:
    case ScreenStyle::Selected:
        return A_REVERSE;
    case ScreenStyle::Header:
        return int(COLOR_PAIR(PairHeader)) | A_BOLD;
    case ScreenStyle::Dim:
        return A_DIM;
    case ScreenStyle::Good:
        return int(COLOR_PAIR(PairGood));
    case ScreenStyle::Warn:
        return int(COLOR_PAIR(PairWarn)) | A_BOLD;
    case ScreenStyle::Bad:
        return int(COLOR_PAIR(PairBad)) | A_BOLD;
    case ScreenStyle::Stopped:
        return int(COLOR_PAIR(PairStopped));
    case ScreenStyle::Match:
        return int(COLOR_PAIR(PairMatch));
    case ScreenStyle::Dialog:
        return int(COLOR_PAIR(PairDialog)) | A_BOLD;
    }
    return A_NORMAL;
}

void TerminalScreen::paint(const QList<ScreenLine> &lines)
{
    erase();
    const int rows = std::min(int(lines.size()), LINES);
    for (int y = 0; y < rows; ++y) {
        const ScreenLine &line = lines.at(y);
        move(y, 0);
        for (const ScreenSpan &span : line.spans) {
            attrset(attributeFor(span.style));
            addstr(span.text.toUtf8().constData());
        }
        if (line.fill) {
            attrset(attributeFor(line.fillStyle));
            int cy, cx;
            getyx(stdscr, cy, cx);
            // The bottom-right cell is left alone: writing it may scroll.
            const int end = y == LINES - 1 ? COLS - 1 : COLS;
            for (int x = cx; cy == y && x < end; ++x)
                addch(' ');
        }
    }
    attrset(A_NORMAL);
    refresh();
}

} // namespace khepri
