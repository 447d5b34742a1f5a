package io.isthmus.interop;

import java.util.List;
import java.util.SortedMap;

/**
 * An NG reply in comparable form (see {@link ReplyNormalizer}).
 *
 * @param fields every key except {@code sdp}, flattened to {@code path = value} in sorted order
 *     ({@code tags.a.medias[0].streams[1].local port = PORT_1+1})
 * @param sdp the SDP split into sections (session first, then one per m= line), or empty
 */
record NormalizedReply(SortedMap<String, String> fields, List<Section> sdp) {

  /**
   * One SDP section.
   *
   * @param title {@code session} or {@code media N (type)}
   * @param lines its lines in the order the engine wrote them
   */
  record Section(String title, List<String> lines) {}

  /** The text written to golden files and failure reports. */
  String render() {
    StringBuilder sb = new StringBuilder();
    fields.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
    for (Section s : sdp) {
      sb.append("sdp ").append(s.title()).append(":\n");
      for (String line : s.lines()) {
        sb.append("  ").append(line).append('\n');
      }
    }
    return sb.toString();
  }
}
