#pragma once

// The verify step's comparison: what nix read back from a written file
// against the compositions written, described as the first difference a
// person can act on ("composition web reads back differently (service app
// differs)"). Pure functions.

#include <QList>
#include <QString>

#include "composition.h"

namespace khepri {

// Describes the first difference between what was written and what nix read
// back; empty when they are equal.
QString firstReadBackDifference(const QList<Composition> &expected,
                                const QList<Composition> &actual);

} // namespace khepri
