// Links khepri_document and uses it; see probe_model.cpp.
#include "document.h"

int main()
{
    khepri::Document document;
    return document.isModified() ? 1 : 0;
}
