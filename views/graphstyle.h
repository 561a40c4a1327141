#pragma once

// Colours, sizes and shapes of the graph, derived from the palette so that
// the graph follows the system's light or dark theme. Shared by the node,
// edge and frame items and by the tree's kind icons. Pure functions.

#include <QColor>
#include <QPainterPath>
#include <QPalette>
#include <QSizeF>

#include "graph.h"
#include "livestatus.h"

class QIcon;

namespace khepri {

namespace graphstyle {

bool isDark(const QPalette &palette);
QColor kindColor(GraphNode::Kind kind, const QPalette &palette); // the accent
QColor fill(GraphNode::Kind kind, const QPalette &palette);
QColor edgeColor(GraphEdge::Kind kind, const QPalette &palette);
QColor errorColor(const QPalette &palette);
QColor warningColor(const QPalette &palette);
// The live-state dot: good, in progress (warning), bad (error) or idle; the
// same grouping as the terminal console's status styles.
QColor stateColor(LiveStatus state, const QPalette &palette);

QSizeF nodeSize(GraphNode::Kind kind);
// The outline of a node of `kind` filling `rect`: a rounded box (service), a
// hexagon (network), a cylinder (volume).
QPainterPath shape(GraphNode::Kind kind, const QRectF &rect);
QIcon kindIcon(GraphNode::Kind kind, const QPalette &palette);

} // namespace graphstyle

} // namespace khepri
