#pragma once

// Result<T>: a value or the Error that explains why there is none. Errors are
// values in khepri (STYLE.md): what failed, why, and what the user can do.

#include <utility>
#include <variant>

#include <QString>

namespace khepri {

struct Error {
    QString code;    // stable machine-readable kind, e.g. "nix-missing", "syntax"
    QString message; // what failed and why, one sentence a user understands
    QString hint;    // what to do about it; may be empty
    QString file;    // where it happened, when known
    int line = 0;
    int column = 0;

    QString toString() const;
};

template<typename T>
class Result {
public:
    // Default-constructible for QMetaType (queued signals, QSignalSpy): an
    // empty result is an error that says so.
    Result()
        : m_data(Error{QStringLiteral("empty"), QStringLiteral("no result"), {}, {}, 0, 0})
    {}
    Result(T value)
        : m_data(std::move(value))
    {}
    Result(Error error)
        : m_data(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

} // namespace khepri
