#include "addcomposition.h"

#include <QStringBuilder>
#include <QUndoStack>

#include "document.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<void> addWholeComposition(Document &document, const Composition &composition)
{
    if (composition.name.isEmpty() || document.composition(composition.name)
        || document.ownedFile().isEmpty())
        return document.addComposition(composition.name); // refuses, with Document's message
    QUndoStack *undo = document.undoStack();
    undo->beginMacro(u"Import composition "_s % composition.name);
    Result<void> result = document.addComposition(composition.name);
    auto add = [&](const EntityRef &ref, const QJsonObject &spec) {
        if (result)
            result = document.addEntity(ref, spec);
    };
    for (const Service &x : composition.services)
        add(EntityRef::service(composition.name, x.name), x.spec);
    for (const Network &x : composition.networks)
        add(EntityRef::network(composition.name, x.name), x.spec);
    for (const Volume &x : composition.volumes)
        add(EntityRef::volume(composition.name, x.name), x.spec);
    for (const Secret &x : composition.secrets)
        add(EntityRef::secret(composition.name, x.name), x.spec);
    undo->endMacro();
    if (!result && undo->canUndo())
        undo->undo(); // all or nothing
    return result;
}

} // namespace khepri
