#pragma once

// Adds a whole composition to a Document — an import — as ONE undo step: the
// composition and each of its services, networks, volumes and secrets are
// the steps of one DocumentEdit, so one Undo takes all of it back, and a
// refused step (a name that exists, no owned file, shapes) adds nothing.

#include "composition.h"
#include "result.h"

namespace khepri {

class Document;

Result<void> addWholeComposition(Document &document, const Composition &composition);

} // namespace khepri
