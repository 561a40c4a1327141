#pragma once

// Brings a value, as nix printed it, into the canonical form the model keeps:
// the short forms the module coerces are expanded the same way (a list of
// names becomes { name = { }; }, "K=V" lists become attrsets, scalars in
// string maps become strings), and every value equal to the module's default
// is dropped. A sparse file (as users write it) and the module's fully
// defaulted output therefore give the same canonical value.
//
// Fields the schema does not know are kept verbatim and reported.

#include <QJsonValue>
#include <QStringList>

namespace khepri {

struct SchemaNode;

struct CanonicalIssues {
    QStringList unknownFields; // dotted paths
    QStringList shapeErrors;   // "path: expected …"
};

QJsonValue canonicalize(const SchemaNode &node, const QJsonValue &value, const QString &path,
                        CanonicalIssues *issues);

// True when `value` is what the module would use if the field were unset.
bool isDefaultValue(const SchemaNode &node, const QJsonValue &value);

// Whether a JSON object is one of load-file.nix's { __khepri = kind; } markers.
bool isMarker(const QJsonValue &value);

} // namespace khepri
