#pragma once

// Result<T>: a value or the Error that explains why there is none; Result<void>:
// done, or the Error that says why not. Errors are values in khepri
// (STYLE.md): what failed, why, and what the user can do.

#include <utility>
#include <variant>

#include <QString>

#include "errorcode.h"

namespace khepri {

// Built with make() and, when a place is known, at():
//   return Error::make(ErrorCode::Syntax, u"unexpected ')'"_s, hint).at(file, line, column);
// Not an aggregate, so no call site fills its fields by position.
struct Error {
    ErrorCode code = ErrorCode::None; // the kind, for callers to branch on
    QString message;                  // what failed and why, one sentence a user understands
    QString hint;                     // what to do about it; may be empty
    QString file;                     // where it happened, when known
    int line = 0;
    int column = 0;

    Error() = default;
    static Error make(ErrorCode code, QString message, QString hint = {})
    {
        Error e;
        e.code = code;
        e.message = std::move(message);
        e.hint = std::move(hint);
        return e;
    }
    Error &at(QString where, int atLine = 0, int atColumn = 0) &
    {
        file = std::move(where);
        line = atLine;
        column = atColumn;
        return *this;
    }
    Error &&at(QString where, int atLine = 0, int atColumn = 0) &&
    {
        return std::move(at(std::move(where), atLine, atColumn));
    }

    QString codeName() const { return errorCodeName(code); } // "nix-missing", …
    QString toString() const;
};

template<typename T>
class Result {
public:
    // Default-constructible for QMetaType (queued signals, QSignalSpy): an
    // empty result is an error that says so.
    Result()
        : m_data(Error::make(ErrorCode::Empty, QStringLiteral("no result")))
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

// Success carries nothing: `return {};` is done, as with std::expected<void, E>.
template<>
class Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_failed(true)
    {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace khepri
