#pragma once

// Where compositions come from: a NixOS flake (REF#HOST) or a compositions
// file. Parsed once from the command line or a dialog.

#include <QString>
#include <QStringList>

#include "result.h"

namespace khepri {

struct Source {
    enum class Kind { File, Flake };
    Kind kind = Kind::File;
    QString path;     // Kind::File: the compositions file
    QString flakeRef; // Kind::Flake: e.g. "/etc/nixos", "path:/srv/cfg", "github:me/cfg"
    QString host;     // Kind::Flake: nixosConfigurations.<host>
    // Kind::File: what the file may read besides its own directory
    // (--allow-path); nix evaluates it in restricted mode.
    QStringList allowedPaths;

    static Source file(const QString &path);
    // "REF#HOST", "REF" (host: this machine's name) or "" (/etc/nixos).
    static Result<Source> flake(const QString &argument);

    QString describe() const; // for messages: "file x.nix" / "flake /etc/nixos#host"
};

// Host names nixos-rebuild accepts as nixosConfigurations keys we look up.
bool isValidHostName(const QString &host);

} // namespace khepri
