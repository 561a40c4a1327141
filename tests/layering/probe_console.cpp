// Links khepri_console and uses it; see probe_model.cpp.
#include "rebuildcontroller.h"

int main()
{
    khepri::RebuildController controller;
    return controller.isRunning() ? 1 : 0;
}
