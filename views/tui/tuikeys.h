#pragma once

// The keys the terminal console understands, independent of ncurses: a
// printable key is its Unicode code point, the others are the values below
// (above the Unicode range). TerminalScreen translates ncurses' codes.

namespace khepri::tuikey {

constexpr int kUp = 0x110000;
constexpr int kDown = 0x110001;
constexpr int kLeft = 0x110002;
constexpr int kRight = 0x110003;
constexpr int kPageUp = 0x110004;
constexpr int kPageDown = 0x110005;
constexpr int kHome = 0x110006;
constexpr int kEnd = 0x110007;
constexpr int kEnter = 0x110008;
constexpr int kEscape = 0x110009;
constexpr int kBackspace = 0x11000A;
constexpr int kTab = 0x11000B;

} // namespace khepri::tuikey
