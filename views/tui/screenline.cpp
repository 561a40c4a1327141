#include "screenline.h"

namespace khepri {

QString ScreenLine::text() const
{
    QString out;
    for (const ScreenSpan &s : spans)
        out += s.text;
    return out;
}

void ScreenLine::append(const QString &text, ScreenStyle style)
{
    if (text.isEmpty())
        return;
    if (!spans.isEmpty() && spans.last().style == style)
        spans.last().text += text;
    else
        spans.append({text, style});
}

} // namespace khepri
