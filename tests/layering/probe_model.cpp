// Links khepri_model and uses it, so the probe needs every library the model
// needs; check-layering.cmake then reads the probe's NEEDED entries.
#include "composition.h"
#include "compositionjson.h"
#include "nixevaluator.h"

int main()
{
    khepri::NixEvaluator evaluator;
    return khepri::compositionsToJson({}).isEmpty() ? 0 : 1;
}
