package io.isthmus.media.control;

/** rtpengine's wording for failures, kept verbatim: logs and Kamailio's rules read the same. */
final class NgReasons {
  private NgReasons() {}

  static final String UNKNOWN_CALL = "Unknown call-id";
  static final String NOT_FOUND = "Call-ID not found or tags didn't match";
  static final String PARSE_SDP = "Failed to parse SDP";
  static final String INCOMPLETE_SDP = "Incomplete SDP specification";
  static final String DIALOGUE = "Invalid dialogue association";
  static final String OUT_OF_PORTS = "Ran out of ports";

  // The messages of rtpengine's load limits (control_ng.c magic_load_limit_strings); the session
  // limit's is NgResponse.SESSION_LIMIT.
  static final String LOAD_LIMIT = "Load limit exceeded";
  static final String CPU_LIMIT = "CPU usage limit exceeded";
  static final String BANDWIDTH_LIMIT = "Bandwidth limit exceeded";
}
