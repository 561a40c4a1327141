// khepri askpass PROMPT: the askpass program of sudo -A and ssh during a
// rebuild. Answers from the keychain when the prompt's key (KHEPRI_ASKPASS_KEY)
// has a stored password not yet offered in this rebuild; otherwise asks the
// user — a dialog when a display is available, else the terminal with echo
// off — and stores the answer when the user ticks "remember". The password
// goes to stdout and nowhere else. Exit status: 0 answered, 1 the user
// cancelled, 2 no keychain answer and no way to ask.

#include <cerrno>
#include <optional>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <QApplication>
#include <QCheckBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QLabel>
#include <QLineEdit>
#include <QProcessEnvironment>
#include <QSocketNotifier>
#include <QTimer>
#include <QVBoxLayout>

#include "askpass.h"
#include "commandline.h"
#include "commands.h"
#include "commandsupport.h"
#include "credentialstore.h"
#include "display.h"
#include "eventloopwait.h"
#include "unixsignalnotifier.h"

using namespace Qt::StringLiterals;

namespace khepri {
namespace {

struct Answer {
    QString secret;
    bool remember = false;
};

// sudo and ssh wait for us: a keychain that does not answer soon (a bus
// without a Secret Service makes libsecret wait for D-Bus's 25 s timeout)
// must not keep the user from being asked.
constexpr int kKeychainTimeoutMs = 5000;

Result<QString> readKeychain(CredentialStore &store, const QString &key)
{
    const auto answer = waitForSignal(
        store, &CredentialStore::readFinished, [&] { store.read(key); }, kKeychainTimeoutMs);
    if (!answer)
        return Error::make(ErrorCode::KeychainTimeout, u"the keychain did not answer within 5 s"_s);
    return std::get<1>(*answer);
}

Result<void> writeKeychain(CredentialStore &store, const QString &key, const QString &secret)
{
    return std::get<1>(
        *waitForSignal(store, &CredentialStore::stored, [&] { store.store(key, secret); }));
}

bool displayAvailable()
{
    return qobject_cast<QApplication *>(QCoreApplication::instance())
           && detectDisplay() == Display::Graphical
           && QGuiApplication::platformName() != u"offscreen";
}

std::optional<Answer> askWithDialog(const AskpassRequest &request, bool canRemember)
{
    QDialog dialog;
    dialog.setWindowTitle(u"khepri"_s);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(request.prompt.toHtmlEscaped(), &dialog));
    auto *edit = new QLineEdit(&dialog);
    if (!request.confirmation)
        edit->setEchoMode(QLineEdit::Password);
    layout->addWidget(edit);
    auto *remember = new QCheckBox(u"Remember in the keychain"_s, &dialog);
    remember->setVisible(canRemember);
    layout->addWidget(remember);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return Answer{edit->text(), canRemember && remember->isChecked()};
}

// Reads one line from the terminal, with echo off for secrets. nullopt: no
// terminal to ask on. The event loop runs while it waits: a signal that ends
// khepri (Ctrl-C, SIGTERM, SIGHUP) puts the terminal back as it was, then
// ends the process as that signal does.
std::optional<QString> readTerminal(int tty, const QString &prompt, bool echo)
{
    const QByteArray text = prompt.toLocal8Bit();
    if (::write(tty, text.constData(), size_t(text.size())) < 0)
        return std::nullopt;
    termios saved{};
    const bool isTerminal = ::tcgetattr(tty, &saved) == 0;
    const bool quiet = isTerminal && !echo;
    UnixSignalNotifier endSignals(UnixSignalNotifier::quitSignals());
    if (quiet) {
        termios noEcho = saved;
        noEcho.c_lflag &= ~tcflag_t(ECHO);
        noEcho.c_lflag |= tcflag_t(ECHONL);
        ::tcsetattr(tty, TCSAFLUSH, &noEcho);
    }
    QEventLoop loop;
    QSocketNotifier input(tty, QSocketNotifier::Read);
    QByteArray line;
    int caught = 0;
    QObject::connect(&input, &QSocketNotifier::activated, &loop, [&] {
        char buffer[512];
        const ssize_t n = ::read(tty, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            return;
        if (n <= 0) { // end of input
            loop.quit();
            return;
        }
        for (ssize_t i = 0; i < n; ++i) {
            if (buffer[i] == '\n') {
                loop.quit();
                return;
            }
            line.append(buffer[i]);
        }
    });
    QObject::connect(&endSignals, &UnixSignalNotifier::received, &loop, [&](int signalNumber) {
        caught = signalNumber;
        loop.quit();
    });
    loop.exec();
    if (quiet)
        ::tcsetattr(tty, TCSAFLUSH, &saved);
    if (caught != 0) {
        if (quiet) [[maybe_unused]]
            const auto n = ::write(tty, "\n", 1); // echo would have ended the line
        UnixSignalNotifier::dieOf(caught);
    }
    return QString::fromLocal8Bit(line);
}

std::optional<Answer> askOnTerminal(const AskpassRequest &request, bool canRemember)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        return std::nullopt;
    std::optional<Answer> answer;
    QString prompt = request.prompt;
    if (!prompt.endsWith(u' '))
        prompt += u' ';
    if (const auto secret = readTerminal(tty, prompt, request.confirmation)) {
        answer = Answer{*secret, false};
        if (canRemember) {
            const auto yes = readTerminal(
                tty, u"Remember it in the keychain as "_s + request.key + u"? [y/N] "_s, true);
            answer->remember = yes && yes->trimmed().startsWith(u'y', Qt::CaseInsensitive);
        }
    }
    ::close(tty);
    return answer;
}

} // namespace

int runAskpass(const Command &cmd)
{
    const QString prompt = cmd.positional.value(0, u"Password:"_s);
    const AskpassRequest request = askpassRequest(prompt, QProcessEnvironment::systemEnvironment());
    CredentialStore store;

    bool keychainUsable = !request.key.isEmpty() && !request.confirmation;
    if (mayAnswerFromKeychain(request)) {
        const auto stored = readKeychain(store, request.key);
        if (stored) {
            if (const auto marked = markKeychainAnswerOffered(request); !marked)
                printErr(u"khepri askpass: "_s + marked.error().toString() + u'\n');
            printOut(stored.value() + u'\n');
            return kExitOk;
        }
        if (stored.error().code != ErrorCode::NotFound) {
            keychainUsable = false;
            printErr(u"khepri askpass: no keychain to answer from ("_s + stored.error().message
                     + u"); the password is asked for each time and never stored.\n"_s);
        }
    }

    std::optional<Answer> answer;
    bool asked = false;
    if (displayAvailable()) {
        asked = true;
        answer = askWithDialog(request, keychainUsable);
    } else if (const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC); tty >= 0) {
        ::close(tty);
        asked = true;
        answer = askOnTerminal(request, keychainUsable);
    }
    if (!asked) {
        printErr(u"khepri askpass: cannot ask for \""_s + prompt
                 + u"\": there is no display and no terminal, and the keychain has no password "
                   u"for "_s
                 + (request.key.isEmpty() ? u"this prompt"_s : request.key)
                 + u".\nRun the rebuild from a terminal or a desktop session, or store the "
                   u"password in the keychain first.\n"_s);
        return kExitUsage;
    }
    if (!answer)
        return kExitFailed; // cancelled by the user
    if (answer->remember) {
        if (const auto stored = writeKeychain(store, request.key, answer->secret); !stored)
            printErr(u"khepri askpass: the password was not remembered: "_s
                     + stored.error().toString() + u'\n');
        else
            markKeychainAnswerOffered(request); // a rejection asks again, not loops
    }
    printOut(answer->secret + u'\n');
    return kExitOk;
}

} // namespace khepri
