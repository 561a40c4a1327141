// Links khepri_compose (compose import/export) and uses it: the model layer
// plus yaml-cpp, nothing of Qt beyond Core.
#include "composeexporter.h"
#include "composeimporter.h"

int main()
{
    return khepri::compose::exportCompose({}).isEmpty() ? 1 : 0;
}
