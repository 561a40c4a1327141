#pragma once

// The shape of khepri.compositions as nixos/module.nix declares it: every
// option of a composition, service, network, volume and secret, with its
// default and the short forms the module coerces. One description serves the
// reader (canonical form, defaults dropped), the Nix writer (short forms
// where they say the same), validation (unknown fields) and the editors.
//
// A node is a record (fixed fields), a map (entries keyed by user names:
// services, environment, dependsOn…), a list, a scalar — or a union of these
// forms (a port is a string, a number or a record). Immutable, built once.
//
// Written by hand, and checked against the module: tst_schema evaluates
// nixos/module.nix's option tree with nix and fails on any difference (an option
// on one side only, forms, booleans, enum values, defaults, required options).

#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace khepri {

struct SchemaNode {
    // Which forms a value may take. A union allows several.
    bool scalar = false;
    bool record = false;
    bool map = false;
    bool list = false;

    QMap<QString, const SchemaNode *> fields; // record form
    const SchemaNode *item = nullptr;         // map values / list items
    QJsonValue defaultValue;                  // null: no default beyond "unset"
    bool keepEmptyRecord = false; // a set but empty record means something (healthcheck = { })
    bool required = false;        // image, secret file
    QStringList choices;          // the only values allowed (an enum), sorted
    QString description;

    // Short forms the module coerces.
    enum class Coerce {
        None,
        NamesToMap,       // [ "a" "b" ] -> { a = { }; b = { }; }
        KeyValueToMap,    // [ "K=V" ] -> { K = "V"; }  (labels, sysctls)
        EnvironmentToMap, // like KeyValueToMap, bare "K" dropped
        StringToList,     // "x" -> [ "x" ]
        AttrsToHostList,  // { host = "ip"; } -> [ "host:ip" ]
        ScalarToString,   // 1, true -> "1", "true"
    };
    Coerce coerce = Coerce::None;
};

namespace schema {
const SchemaNode &compositions(); // map of composition
const SchemaNode &composition();
const SchemaNode &service();
const SchemaNode &network();
const SchemaNode &volume();
const SchemaNode &secret();
} // namespace schema

} // namespace khepri
