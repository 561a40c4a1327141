#include "terminalui.h"

#include <QSocketNotifier>
#include <QStringBuilder>

#include <curses.h>
#include <unistd.h>

namespace khepri {

TerminalUi::TerminalUi(QObject *parent)
    : QObject(parent)
    , m_stdin(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    initscr();
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    connect(m_stdin, &QSocketNotifier::activated, this, &TerminalUi::onInput);
    draw();
}

TerminalUi::~TerminalUi()
{
    endwin();
}

void TerminalUi::setCompositions(const QList<Composition> &compositions)
{
    m_compositions = compositions;
    draw();
}

QStringList TerminalUi::renderLines(const QList<Composition> &compositions)
{
    QStringList lines;
    for (const Composition &c : compositions) {
        lines.append(c.name);
        for (const Service &s : c.services)
            lines.append(u"  " % s.name % u"  " % s.image());
    }
    return lines;
}

void TerminalUi::onInput()
{
    int ch;
    while ((ch = getch()) != ERR) {
        if (ch == 'q') {
            Q_EMIT quitRequested();
            return;
        }
        if (ch == KEY_DOWN || ch == 'j')
            ++m_selected;
        else if (ch == KEY_UP || ch == 'k')
            --m_selected;
    }
    draw();
}

void TerminalUi::draw()
{
    const QStringList lines = renderLines(m_compositions);
    m_selected = std::clamp(m_selected, 0, std::max(0, int(lines.size()) - 1));
    erase();
    mvaddstr(0, 0, "khepri — compositions");
    for (int i = 0; i < lines.size() && i + 2 < LINES - 1; ++i) {
        if (i == m_selected)
            attron(A_REVERSE);
        mvaddnstr(i + 2, 0, lines[i].toUtf8().constData(), COLS);
        if (i == m_selected)
            attroff(A_REVERSE);
    }
    mvaddstr(LINES - 1, 0, "j/k move  q quit");
    refresh();
}

} // namespace khepri
