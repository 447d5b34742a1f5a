package io.isthmus.interop;

import java.nio.file.Path;

/**
 * Addresses and port plan of the interop tests. Everything stays on 127.0.0.0/8. Media port ranges
 * lie below Linux' ephemeral range (32768+) and apart from other modules' tests (43000+), and each
 * engine has its own range so that rtpengine and Isthmus run side by side.
 */
public final class Interop {
  private Interop() {}

  /** Media interface of the public network (both engines). */
  public static final String PUBLIC_IF = "127.0.1.1";

  /** Media interface of the private network (both engines). */
  public static final String PRIVATE_IF = "127.0.2.1";

  /** The public party (sipp UAC, Java RTP endpoint). */
  public static final String PUBLIC_PARTY = "127.0.1.100";

  /** The private party (sipp UAS, Java RTP endpoint). */
  public static final String PRIVATE_PARTY = "127.0.2.100";

  // Differential test.
  static final int DIFF_RTPENGINE_NG = 27501;
  static final int DIFF_RTPENGINE_MIN = 24000;
  static final int DIFF_RTPENGINE_MAX = 24999;
  static final int DIFF_ISTHMUS_NG = 27502;
  static final int DIFF_ISTHMUS_MIN = 25000;
  static final int DIFF_ISTHMUS_MAX = 25999;

  // Kamailio test.
  static final int KAMAILIO_SIP = 27060;
  static final int SIPP_UAC = 27061;
  static final int SIPP_UAS = 27062;
  static final int KAMAILIO_ISTHMUS_NG = 27503;
  static final int KAMAILIO_ISTHMUS_MIN = 26000;
  static final int KAMAILIO_ISTHMUS_MAX = 26499;
  static final int KAMAILIO_RTPENGINE_NG = 27504;
  static final int KAMAILIO_RTPENGINE_MIN = 26500;
  static final int KAMAILIO_RTPENGINE_MAX = 26999;
  static final int PUBLIC_PARTY_RTP = 27100;
  static final int PRIVATE_PARTY_RTP = 27200;

  /** target/interop (set by surefire), for logs, generated configs and diffs. */
  public static Path workDir() {
    return Path.of(System.getProperty("interop.workDir", "target/interop"));
  }
}
