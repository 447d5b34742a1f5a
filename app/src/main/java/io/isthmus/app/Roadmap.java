package io.isthmus.app;

import java.io.PrintWriter;

/**
 * What this build contains, so that every command can say honestly which roles it can start.
 *
 * <p>Each entry flips to built when its module lands; until then a command that needs it prints the
 * reason and exits with {@link Isthmus#EXIT_NOT_BUILT}.
 */
enum Roadmap {
  SIP_GRAMMAR("SIP grammar (module sip)", true),
  SDP_GRAMMAR("SDP grammar (module sdp)", true),
  BENCODE("bencode codec for the NG protocol (module ng)", true),
  RELAY("media relay with NG control (module media)", true),
  PROXY("SIP proxy with dispatcher (module proxy)", false);

  final String description;
  final boolean built;

  Roadmap(String description, boolean built) {
    this.description = description;
    this.built = built;
  }

  /**
   * Prints what is built and what is not; returns the exit code for a command needing {@code
   * required}.
   */
  static int report(PrintWriter out, String command, Roadmap... required) {
    out.println("isthmus " + command + ": this build contains");
    for (Roadmap part : values()) {
      out.printf("  [%s] %s%n", part.built ? "built" : "not built yet", part.description);
    }
    for (Roadmap part : required) {
      if (!part.built) {
        out.println(
            "isthmus "
                + command
                + " needs the "
                + part.description
                + ", which is not built yet; nothing was started.");
        out.flush();
        return Isthmus.EXIT_NOT_BUILT;
      }
    }
    out.flush();
    return 0;
  }
}
