#include "result.h"

#include <QStringBuilder>

namespace khepri {

QString Error::toString() const
{
    QString text;
    if (!file.isEmpty()) {
        text = file;
        if (line > 0) {
            text += u':' + QString::number(line);
            if (column > 0)
                text += u':' + QString::number(column);
        }
        text += u": ";
    }
    text += message;
    if (!hint.isEmpty())
        text += u'\n' + hint;
    return text;
}

} // namespace khepri
