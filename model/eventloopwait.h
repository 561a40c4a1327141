#pragma once

// Waiting in a local event loop, for the command line and for tests and
// benches only: a CLI command runs one asynchronous request to its end, a
// bench waits for a state. Never in the GUI or the TUI, which react to
// signals instead (STYLE.md: no nested event loops). Header only.
//
//   const auto loaded = waitForSignal(loader, &CompositionLoader::finished,
//                                     [&] { loader.load(source); });
//
// waitForSignal connects first, then runs `trigger`, so a signal emitted
// from within the trigger is not missed; it returns the first emission's
// arguments (one argument as itself, several as a std::tuple), or nullopt
// when `timeoutMs` passed first (a negative timeout waits for ever).

#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

#include <QEventLoop>
#include <QObject>
#include <QTimer>

namespace khepri {
namespace detail {

template<typename... Args>
struct SignalValue {
    using type = std::tuple<std::decay_t<Args>...>;
    static type make(const std::decay_t<Args> &...args) { return type(args...); }
};

template<typename Arg>
struct SignalValue<Arg> {
    using type = std::decay_t<Arg>;
    static type make(const type &arg) { return arg; }
};

} // namespace detail

template<typename Sender, typename Class, typename... Args, typename Trigger>
std::optional<typename detail::SignalValue<Args...>::type>
waitForSignal(Sender &sender, void (Class::*signal)(Args...), Trigger &&trigger, int timeoutMs = -1)
{
    static_assert(sizeof...(Args) > 0, "waitForSignal returns the signal's arguments");
    using Value = detail::SignalValue<Args...>;
    std::optional<typename Value::type> value;
    QEventLoop loop;
    const QMetaObject::Connection connection =
        QObject::connect(&sender, signal, &loop, [&](const std::decay_t<Args> &...args) {
            if (value)
                return; // the first emission only
            value.emplace(Value::make(args...));
            loop.quit();
        });
    std::forward<Trigger>(trigger)();
    if (!value) {
        if (timeoutMs >= 0)
            QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    QObject::disconnect(connection);
    return value;
}

// Runs the event loop until `done()` holds, checking every `checkMs`, or
// until `timeoutMs` passed; returns done().
template<typename Predicate>
bool waitUntil(Predicate done, int timeoutMs, int checkMs = 5)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    check.start(checkMs);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

// Runs the event loop for `milliseconds`, waking for nothing else.
inline void runEventLoopFor(int milliseconds)
{
    QEventLoop loop;
    QTimer::singleShot(milliseconds, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace khepri
