package io.isthmus.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns text into a {@link SessionDescription}: first {@link #split} into lines (keeping each
 * line's ending), then {@link #assemble} into the session level and media sections.
 *
 * <p>Strict only where the relay depends on it (RFC 8866 §5): {@code v=0} first, one well-formed
 * {@code o=} at session level, well-formed {@code c=} (at most one per section) and {@code m=}
 * lines. Everything else - unknown letters, odd order, attribute syntax - is accepted and kept;
 * attribute syntax is checked only when a typed view is asked for.
 */
final class SdpParser {
  private SdpParser() {}

  /** The lines and the trailing blank lines of a description. */
  record Split(List<SdpLine> lines, String trailer) {}

  static SessionDescription parse(String doc) throws SdpParseException {
    Split split = split(doc);
    return assemble(split.lines(), split.trailer());
  }

  /**
   * Splits at LF, noting for each line whether it ended with CRLF, LF or nothing. Blank lines are
   * only accepted at the very end (some senders count an extra CRLF into Content-Length) and are
   * kept verbatim as the trailer.
   */
  static Split split(String doc) throws SdpParseException {
    List<SdpLine> lines = new ArrayList<>(32);
    int n = doc.length();
    int pos = 0;
    int number = 0;
    int blankStart = -1;
    int blankNumber = 0;
    while (pos < n) {
      number++;
      int nl = doc.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      LineEnding ending;
      if (nl < 0) {
        ending = LineEnding.NONE;
      } else if (end > pos && doc.charAt(end - 1) == '\r') {
        ending = LineEnding.CRLF;
        end--;
      } else {
        ending = LineEnding.LF;
      }
      if (end == pos) {
        if (blankStart < 0) {
          blankStart = pos;
          blankNumber = number;
        }
      } else {
        if (blankStart >= 0) {
          throw SdpParseException.atLine(blankNumber, "", "empty line");
        }
        String text = doc.substring(pos, end);
        checkLine(text, number);
        lines.add(new SdpLine(text, ending, number));
      }
      pos = nl < 0 ? n : nl + 1;
    }
    return new Split(lines, blankStart < 0 ? "" : doc.substring(blankStart));
  }

  private static void checkLine(String text, int number) throws SdpParseException {
    char type = text.charAt(0);
    if (type < 'a' || type > 'z') {
      throw SdpParseException.atLine(number, text, "line type is not a letter a-z");
    }
    if (text.length() < 2 || text.charAt(1) != '=') {
      throw SdpParseException.atLine(number, text, "expected '=' after the line type");
    }
    for (int i = 2; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r') {
        throw SdpParseException.atLine(number, text, "CR not followed by LF");
      }
      if (c == 0) {
        throw SdpParseException.atLine(number, text, "NUL byte in the line");
      }
    }
  }

  /** Groups checked lines into the session level and media sections. */
  static SessionDescription assemble(List<SdpLine> all, String trailer) throws SdpParseException {
    if (all.isEmpty()) {
      throw SdpParseException.inDescription("empty description");
    }
    SdpLine first = all.getFirst();
    if (first.type() != 'v') {
      throw SdpParseException.at(first, "first line is not v=");
    }
    if (!"0".equals(first.value())) {
      throw SdpParseException.at(first, "protocol version is not 0");
    }
    List<SdpLine> session = new ArrayList<>(16);
    session.add(first);
    List<MediaDescription> media = new ArrayList<>(4);
    Origin origin = null;
    Connection sessionConnection = null;
    // The media section being collected: its lines, m= view and c= view.
    List<SdpLine> section = null;
    Media sectionMedia = null;
    Connection sectionConnection = null;
    for (int i = 1; i < all.size(); i++) {
      SdpLine l = all.get(i);
      switch (l.type()) {
        case 'v' -> throw SdpParseException.at(l, "v= line after the first line");
        case 'o' -> {
          if (section != null) {
            throw SdpParseException.at(l, "o= line in a media section");
          }
          if (origin != null) {
            throw SdpParseException.at(l, "duplicate o= line");
          }
          origin = Origin.parse(l);
        }
        case 'c' -> {
          Connection c = Connection.parse(l);
          if ((section == null ? sessionConnection : sectionConnection) != null) {
            throw SdpParseException.at(l, "duplicate c= line");
          }
          if (section == null) {
            sessionConnection = c;
          } else {
            sectionConnection = c;
          }
        }
        case 'm' -> {
          if (section != null) {
            media.add(new MediaDescription(section, sectionMedia, sectionConnection));
          }
          section = new ArrayList<>(16);
          sectionMedia = Media.parse(l);
          sectionConnection = null;
        }
        default -> {
          // Kept as they are: RFC 8866 §5 says to ignore unknown types, and we never reorder.
        }
      }
      (section == null ? session : section).add(l);
    }
    if (section != null) {
      media.add(new MediaDescription(section, sectionMedia, sectionConnection));
    }
    if (origin == null) {
      throw SdpParseException.inDescription("missing o= line");
    }
    return new SessionDescription(session, media, trailer, origin, sessionConnection);
  }
}
