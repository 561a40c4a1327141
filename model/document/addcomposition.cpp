#include "addcomposition.h"

#include <QStringBuilder>

#include "documentedit.h"

using namespace Qt::StringLiterals;

namespace khepri {

Result<void> addWholeComposition(Document &document, const Composition &composition)
{
    DocumentEdit edit(document, u"Import composition "_s % composition.name);
    edit.addComposition(composition.name);
    for (const Service &x : composition.services)
        edit.addEntity(EntityRef::service(composition.name, x.name), x.spec);
    for (const Network &x : composition.networks)
        edit.addEntity(EntityRef::network(composition.name, x.name), x.spec);
    for (const Volume &x : composition.volumes)
        edit.addEntity(EntityRef::volume(composition.name, x.name), x.spec);
    for (const Secret &x : composition.secrets)
        edit.addEntity(EntityRef::secret(composition.name, x.name), x.spec);
    return edit.commit(); // all or nothing
}

} // namespace khepri
