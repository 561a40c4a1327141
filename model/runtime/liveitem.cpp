#include "liveitem.h"

namespace khepri {

bool LiveItem::sameAs(const LiveItem &o) const
{
    const bool sameContainer = container.has_value() == o.container.has_value()
                               && (!container || container->sameState(*o.container));
    return id == o.id && declared == o.declared && deployed == o.deployed && unit == o.unit
           && dockerName == o.dockerName && declaredImage == o.declaredImage
           && deployedImage == o.deployedImage && status == o.status && drift == o.drift
           && unitState == o.unitState && sameContainer && exists == o.exists && detail == o.detail;
}

} // namespace khepri
