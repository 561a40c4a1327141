#include "composition.h"

#include <algorithm>

namespace khepri {

QString conditionName(DependencyCondition condition)
{
    switch (condition) {
    case DependencyCondition::Started:
        return QStringLiteral("service_started");
    case DependencyCondition::Healthy:
        return QStringLiteral("service_healthy");
    case DependencyCondition::CompletedSuccessfully:
        return QStringLiteral("service_completed_successfully");
    }
    return {};
}

bool parseDependencyCondition(const QString &text, DependencyCondition *out)
{
    for (auto c : {DependencyCondition::Started, DependencyCondition::Healthy,
                   DependencyCondition::CompletedSuccessfully}) {
        if (text == conditionName(c)) {
            *out = c;
            return true;
        }
    }
    return false;
}

const Service *Composition::service(const QString &serviceName) const
{
    auto it = std::find_if(services.cbegin(), services.cend(),
                           [&](const Service &s) { return s.name == serviceName; });
    return it == services.cend() ? nullptr : &*it;
}

} // namespace khepri
