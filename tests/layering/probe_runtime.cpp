// Links khepri_runtime and uses it; see probe_model.cpp.
#include "credentialstore.h"

int main()
{
    khepri::CredentialStore store;
    return 0;
}
