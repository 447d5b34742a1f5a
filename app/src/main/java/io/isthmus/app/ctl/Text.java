package io.isthmus.app.ctl;

import tools.jackson.databind.JsonNode;

/** JSON values as table cells: absent or null is "-", scalars as written. */
final class Text {
  private Text() {}

  static String of(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return "-";
    }
    return node.isValueNode() ? node.asString() : node.toString();
  }
}
