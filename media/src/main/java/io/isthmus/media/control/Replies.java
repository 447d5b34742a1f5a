package io.isthmus.media.control;

import io.isthmus.ng.NgResponse;
import io.isthmus.ng.bencode.BString;
import java.util.List;

/** Small builders of {@code ok} replies. */
final class Replies {
  private Replies() {}

  /** {@code {result: ok, sdp: ..., warning: ...}}; the warnings joined by "; ". */
  static NgResponse withSdp(byte[] sdp, List<String> warnings) {
    NgResponse.Builder b = NgResponse.okBuilder().put("sdp", BString.wrap(sdp));
    return warn(b, warnings).build();
  }

  static NgResponse.Builder warn(NgResponse.Builder b, List<String> warnings) {
    if (!warnings.isEmpty()) {
      b.warning(String.join("; ", warnings));
    }
    return b;
  }
}
