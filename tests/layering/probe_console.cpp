// Links khepri_console and uses it; see probe_model.cpp.
#include "consolesession.h"
#include "document.h"

int main()
{
    khepri::Document document;
    khepri::ConsoleSession session(document);
    return session.isLoading() ? 1 : 0;
}
