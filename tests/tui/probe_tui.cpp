// Links khepri_tui and uses it (tests/layering): the terminal console must
// not pull in Qt Widgets.
#include "tuirenderer.h"

int main()
{
    return khepri::TuiRenderer::render(khepri::TuiViewState{}, 80, 24).size() == 24 ? 0 : 1;
}
