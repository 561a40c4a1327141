#pragma once

// EnumNames: the one way khepri names the values of an enum and parses those
// names back. A table is a constexpr list of {value, name} pairs written once
// next to the enum's functions; the first entry for a value is its name, any
// later entry for the same value is an alias accepted when parsing only
// (Podman's "stopped" for Docker's "exited"). Lookups are linear: the tables
// are short, and a table whose entries follow the enum's order from 0 answers
// name() with one index.
//
//   constexpr auto names = makeEnumNames<Colour>({{Colour::Red, u"red"}, …});
//   names.name(Colour::Red)          // u"red"_s
//   names.value(u"red")              // std::optional<Colour>{Colour::Red}
//   names.value(u"mauve")            // std::nullopt

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

#include <QString>
#include <QStringView>

namespace khepri {

template<typename Enum>
struct EnumName {
    Enum value;
    std::u16string_view name;
};

template<typename Enum, std::size_t N>
class EnumNames {
    static_assert(std::is_enum_v<Enum>);

public:
    constexpr explicit EnumNames(const std::array<EnumName<Enum>, N> &entries)
        : m_entries(entries)
    {}

    // The value's name, or an empty string for a value the table lacks.
    QString name(Enum value) const { return view(value).toString(); }
    constexpr QStringView view(Enum value) const
    {
        if (const auto i = static_cast<std::size_t>(value); i < N && m_entries[i].value == value)
            return QStringView(m_entries[i].name);
        for (const EnumName<Enum> &e : m_entries)
            if (e.value == value)
                return QStringView(e.name);
        return {};
    }
    // The value named `name` (exactly, case-sensitive), or nullopt.
    constexpr std::optional<Enum> value(QStringView name) const
    {
        const std::u16string_view wanted(name.utf16(), std::size_t(name.size()));
        for (const EnumName<Enum> &e : m_entries)
            if (e.name == wanted)
                return e.value;
        return std::nullopt;
    }

    constexpr const EnumName<Enum> *begin() const { return m_entries.data(); }
    constexpr const EnumName<Enum> *end() const { return m_entries.data() + N; }
    constexpr std::size_t size() const { return N; }

    // For static_assert next to a table: every value 0..count-1 of a plain
    // enum has a name, and no name is written twice.
    constexpr bool coversValuesBelow(std::size_t count) const
    {
        for (std::size_t i = 0; i < count; ++i) {
            bool found = false;
            for (const EnumName<Enum> &e : m_entries)
                found = found || static_cast<std::size_t>(e.value) == i;
            if (!found)
                return false;
        }
        return true;
    }
    constexpr bool namesAreUnique() const
    {
        for (std::size_t i = 0; i < N; ++i)
            for (std::size_t j = i + 1; j < N; ++j)
                if (m_entries[i].name == m_entries[j].name)
                    return false;
        return true;
    }

private:
    std::array<EnumName<Enum>, N> m_entries;
};

// Deduces N from a braced list: makeEnumNames<Colour>({{Colour::Red, u"red"}, …}).
template<typename Enum, std::size_t N>
constexpr EnumNames<Enum, N> makeEnumNames(const EnumName<Enum> (&entries)[N])
{
    std::array<EnumName<Enum>, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = entries[i];
    return EnumNames<Enum, N>(out);
}

} // namespace khepri
