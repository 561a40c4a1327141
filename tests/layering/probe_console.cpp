// Links khepri_console and uses it; see probe_model.cpp.
#include "consolesession.h"
#include "document.h"
#include "rebuildcontroller.h"

int main()
{
    khepri::Document document;
    khepri::ConsoleSession session(document);
    khepri::RebuildController controller;
    return session.isLoading() || controller.isRunning() ? 1 : 0;
}
