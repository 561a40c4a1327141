#pragma once

// Loads compositions from a Source: evaluates with nix (asynchronously, via
// NixEvaluator) and converts the JSON to value types. One finished() per
// load(); cancel() ends a running load with a "cancelled" error.

#include <QList>
#include <QObject>

#include "composition.h"
#include "result.h"
#include "source.h"

namespace khepri {

class NixEvaluator;
using LoadResult = Result<QList<Composition>>;

class CompositionLoader : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompositionLoader)
public:
    explicit CompositionLoader(QObject *parent = nullptr);

    void load(const Source &source);
    void cancel();

Q_SIGNALS:
    void finished(const khepri::LoadResult &result);

private:
    NixEvaluator *m_nix;
    Source m_source;
};

} // namespace khepri
