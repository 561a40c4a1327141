#pragma once

// Generates random compositions in canonical form by walking the module
// schema: every kind of field, hostile strings (quotes, "${", "''",
// backslashes, newlines, control characters, unicode, empty, 10 kB) and
// hostile names. Deterministic for a seed. Used by the round-trip tests, the
// benchmarks and the fuzzer's seed corpus.

#include <QJsonObject>
#include <QRandomGenerator>
#include <QString>

namespace khepri {
struct SchemaNode;
}

namespace khepri::test {

class CompositionGenerator {
public:
    explicit CompositionGenerator(quint32 seed, bool hostile = true);

    // {name: composition} with `count` compositions of up to `maxServices`.
    QJsonObject compositions(int count, int maxServices);
    // One composition with exactly `services` plain services (for benchmarks).
    QJsonObject plainComposition(int services);

    QString hostileString();
    QString name();

private:
    QJsonValue value(const SchemaNode &node, int depth);
    QJsonObject record(const SchemaNode &node, int depth, bool allowEmpty);

    QRandomGenerator m_random;
    bool m_hostile;
    int m_counter = 0;
};

} // namespace khepri::test
